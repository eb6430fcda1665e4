/* test-unicast-peers.c: a unicast peer is one host, not a broadcast or
 * multicast address, nor "any address"
 *
 * `disc watch --unicast 255.255.255.255` used to start and broadcast
 * its hellos (the socket may broadcast), past the check that unicast
 * and broadcast are not both set; 224.0.0.1 sent multicast without
 * joining the group, and 0.0.0.0 went to this host. The checks read
 * the options only: no socket is opened here.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-options.h"
#include "disc-option-error.h"

static void
assert_refused (const char *peer)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("%s", peer);
  g_assert_false (disc_options_parse_unicast (peer, 24000, NULL, NULL, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_UNICAST);
  /* The message names the peer as given. */
  g_assert_nonnull (strstr (error->message, peer));
}

static void
assert_accepted (const char *peer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_test_message ("%s", peer);
  g_assert_true (disc_options_parse_unicast (peer, 24000, &host, &port, &error));
  g_assert_no_error (error);
  g_assert_nonnull (host);
  g_assert_cmpuint (port, !=, 0);
}

static void
test_not_one_host (void)
{
  static const char * const refused[] = {
    "255.255.255.255", "255.255.255.255:4000",
    "224.0.0.1", "239.1.2.3:4000", "239.255.255.255",
    "0.0.0.0", "0.0.0.0:4000",
  };
  static const char * const accepted[] = {
    "127.0.0.1", "127.0.0.2:4000", "10.0.0.1", "192.168.1.255",   /* a subnet's broadcast cannot be told */
    "223.255.255.255", "240.0.0.1", "peer.example", "peer.example:4000",
  };

  g_test_bug ("issues/14");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i]);
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    assert_accepted (accepted[i]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_summary ("unicast peers that are the limited broadcast address, a multicast group "
                  "or 0.0.0.0 are refused with DISC_OPTION_ERROR_UNICAST, before any socket");
  g_test_bug_base ("libdisc breaker findings: ");
  g_test_add_func ("/unicast-peers/not-one-host", test_not_one_host);
  return g_test_run ();
}
