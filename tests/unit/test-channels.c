/* test-channels.c: channel names and the joined set, without a socket
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "disc-channels.h"
#include "disc-error.h"

static void
test_names (void)
{
  g_autofree char *longest = g_strnfill (DISC_CHANNEL_MAX_LENGTH, 'c');
  g_autofree char *too_long = g_strnfill (DISC_CHANNEL_MAX_LENGTH + 1, 'c');
  static const char * const reserved[] = {
    "hello", "goodbye", "added", "removed", "master", "promotion", "demotion",
    "message", "error", "newListener", "removeListener",
  };
  g_autoptr(GError) error = NULL;

  g_test_summary ("1 to 128 bytes of UTF-8 without control characters, not a protocol event");
  g_assert_true (disc_channels_check_name ("config-updates", NULL));
  g_assert_true (disc_channels_check_name ("überall", NULL));
  g_assert_true (disc_channels_check_name (longest, NULL));

  {
    /* too long, empty, none, a control character, not UTF-8 */
    const char *invalid[] = { too_long, "", NULL, "bad\nname", "\xc3\x28" };

    for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
      {
        g_assert_false (disc_channels_check_name (invalid[i], &error));
        g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL);
        g_clear_error (&error);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      g_assert_true (disc_channels_is_reserved (reserved[i]));
      g_assert_false (disc_channels_check_name (reserved[i], &error));
      g_assert_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL);
      g_clear_error (&error);
    }
}

static void
test_joined (void)
{
  g_autoptr(DiscChannels) channels = disc_channels_new ();

  g_test_summary ("Joining gives a channel its signal detail; others have none");
  g_assert_false (disc_channels_join (channels, "hello"));
  g_assert_false (disc_channels_contains (channels, "hello"));
  g_assert_true (disc_channels_join (channels, "chat"));
  g_assert_true (disc_channels_join (channels, "chat"));
  g_assert_true (disc_channels_contains (channels, "chat"));
  g_assert_cmpuint (disc_channels_lookup (channels, "chat"), ==, g_quark_from_string ("chat"));
  /* A name heard off the network but never joined gets no quark. */
  g_assert_cmpuint (disc_channels_lookup (channels, "never-joined-here"), ==, 0);
  g_assert_cmpuint (g_quark_try_string ("never-joined-here"), ==, 0);
  g_assert_true (disc_channels_leave (channels, "chat"));
  g_assert_false (disc_channels_leave (channels, "chat"));
  g_assert_cmpuint (disc_channels_lookup (channels, "chat"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/channels/names", test_names);
  g_test_add_func ("/channels/joined", test_joined);

  return g_test_run ();
}
