/* test-receive-buffer.c: datagrams the kernel drops are counted, on loopback
 *
 * A node whose main loop does not run for a while (a busy handler, a
 * stopped process) lets its socket's receive buffer fill; the kernel then
 * drops what arrives. The test fills a node's buffer from a socket of its
 * own on 127.0.0.1 without iterating the node's context, then iterates
 * and checks that the node counts DISC_DROP_RECEIVE_BUFFER drops, exactly
 * as many as the kernel's drops column in /proc/net/udp for the node's
 * socket. Once learnt with a later datagram (SO_RXQ_OVFL), once by asking
 * on the check timer when nothing more arrives (SO_MEMINFO).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "test-util.h"

#define PAYLOAD       32768   /* large: a few hundred fill even an 8 MiB buffer */
#define MAX_DATAGRAMS 4000    /* the bound on what is sent to fill it */
#define MIN_DROPS     20

/* The drops column of /proc/net/udp for the IPv4 socket bound to
 * 0.0.0.0:@port, or -1 when there is none (or no /proc). */
static gint64
proc_udp_drops (guint port)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *local = g_strdup_printf ("00000000:%04X", port);
  gint64 drops = -1;

  if (!g_file_get_contents ("/proc/net/udp", &contents, NULL, NULL))
    return -1;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *words = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (words, fields[j]);
      /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops */
      if (words->len >= 13 && g_str_equal (words->pdata[1], local))
        {
          g_assert_cmpint (drops, ==, -1);   /* one socket on the port: ours */
          drops = g_ascii_strtoll (words->pdata[12], NULL, 10);
        }
      g_ptr_array_free (words, TRUE);
    }
  return drops;
}

static int
sender_new (void)
{
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static void
send_to_node (int           fd,
              guint         port,
              const guint8 *data,
              gsize         len)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (port) };

  to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (sendto (fd, data, len, 0, (struct sockaddr *) &to, sizeof to), ==, (gssize) len);
}

/* Sends to the node, its context not iterated, until the kernel says it
 * dropped at least MIN_DROPS (bounded by MAX_DATAGRAMS). Returns the
 * kernel's count. */
static gint64
fill_receive_buffer (guint port)
{
  g_autofree guint8 *payload = g_malloc0 (PAYLOAD);
  int fd = sender_new ();
  gint64 drops = 0;

  for (guint i = 0; i < MAX_DATAGRAMS; i++)
    {
      send_to_node (fd, port, payload, PAYLOAD);
      if (i % 50 == 49 && (drops = proc_udp_drops (port)) >= MIN_DROPS)
        break;
    }
  close (fd);
  g_test_message ("the kernel dropped %" G_GINT64_FORMAT " datagrams", drops);
  return drops;
}

typedef struct
{
  DiscDiscovery *d;
  guint          port;
  guint          started;     /* ::drop-started for DISC_DROP_RECEIVE_BUFFER */
  gboolean       had_address;
} Fixture;

static void
on_drop_started (DiscDiscovery  *d,
                 DiscDropReason  reason,
                 const char     *address,
                 Fixture        *f)
{
  if (reason != DISC_DROP_RECEIVE_BUFFER)
    return;
  f->started++;
  f->had_address |= address != NULL;
}

static gboolean
counted_all (gpointer data)
{
  Fixture *f = data;
  guint64 counted = disc_discovery_get_drop_count (f->d, DISC_DROP_RECEIVE_BUFFER);

  return counted > 0 && (gint64) counted == proc_udp_drops (f->port);
}

static void
set_up (Fixture       *f,
        gconstpointer  check_interval)
{
  f->port = test_free_udp_port ();
  /* Listen-only: nothing of its own in its buffer. */
  f->d = g_object_new (DISC_TYPE_DISCOVERY,
                       "broadcast", TEST_LOOPBACK_BROADCAST,
                       "port", f->port,
                       "listen-only", TRUE,
                       "check-interval", GPOINTER_TO_UINT (check_interval),
                       "node-timeout", MAX (GPOINTER_TO_UINT (check_interval), 2000),
                       "master-timeout", MAX (GPOINTER_TO_UINT (check_interval), 2000),
                       NULL);
  g_signal_connect (f->d, "drop-started", G_CALLBACK (on_drop_started), f);
  test_start_or_fail (f->d);
  if (proc_udp_drops (f->port) < 0)
    g_test_skip ("no /proc/net/udp entry for the node's socket");
}

static void
tear_down (Fixture       *f,
           gconstpointer  check_interval)
{
  g_clear_object (&f->d);
}

static void
check_counted (Fixture *f)
{
  guint64 counted = disc_discovery_get_drop_count (f->d, DISC_DROP_RECEIVE_BUFFER);
  g_auto(GStrv) sources = disc_discovery_list_drop_sources (f->d, DISC_DROP_RECEIVE_BUFFER);

  g_test_message ("counted %" G_GUINT64_FORMAT ", /proc/net/udp says %" G_GINT64_FORMAT,
                  counted, proc_udp_drops (f->port));
  g_assert_cmpuint (counted, >, 0);
  g_assert_cmpint ((gint64) counted, ==, proc_udp_drops (f->port));
  g_assert_cmpuint (disc_discovery_get_drop_total (f->d), >=, counted);
  /* Reported once, with no source: there is no one datagram to blame. */
  g_assert_cmpuint (f->started, ==, 1);
  g_assert_false (f->had_address);
  g_assert_cmpuint (disc_discovery_get_drop_source_count (f->d, DISC_DROP_RECEIVE_BUFFER), ==, 0);
  g_assert_cmpstrv (sources, (const char *[]) { NULL });
}

/* The datagrams that were queued tell nothing (the kernel had dropped
 * none when it queued them); the next one after the drops does. */
static void
test_learnt_with_next_datagram (Fixture       *f,
                                gconstpointer  check_interval)
{
  int fd;

  g_test_summary ("Drops of a full receive buffer are counted exactly, learnt from the "
                  "next datagram read");
  if (fill_receive_buffer (f->port) < MIN_DROPS)
    {
      g_test_skip ("could not make the kernel drop datagrams on loopback");
      return;
    }
  /* Read what was queued; the check timer (10 minutes) does not fire. */
  test_run_for_ms (500);
  fd = sender_new ();
  send_to_node (fd, f->port, (const guint8 *) "x", 1);
  close (fd);
  g_assert_true (test_wait_for (counted_all, f));
  check_counted (f);
}

static void
test_learnt_by_asking (Fixture       *f,
                       gconstpointer  check_interval)
{
  g_test_summary ("Drops of a full receive buffer are counted exactly when nothing "
                  "arrives after them, asked on the check timer");
  if (fill_receive_buffer (f->port) < MIN_DROPS)
    {
      g_test_skip ("could not make the kernel drop datagrams on loopback");
      return;
    }
  g_assert_true (test_wait_for (counted_all, f));
  check_counted (f);
}

static void
test_reason_named (void)
{
  GEnumClass *klass = g_type_class_ref (DISC_TYPE_DROP_REASON);
  GEnumValue *value = g_enum_get_value (klass, DISC_DROP_RECEIVE_BUFFER);

  g_test_summary ("The reason has a nick, after the reasons before it kept their numbers");
  g_assert_nonnull (value);
  g_assert_cmpstr (value->value_nick, ==, "receive-buffer");
  g_assert_cmpint (DISC_DROP_CONTROL, ==, 14);
  g_assert_cmpint (DISC_DROP_RECEIVE_BUFFER, ==, 15);
  g_type_class_unref (klass);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receive-buffer/reason-named", test_reason_named);
  g_test_add ("/receive-buffer/learnt-with-next-datagram", Fixture, GUINT_TO_POINTER (600 * 1000),
              set_up, test_learnt_with_next_datagram, tear_down);
  g_test_add ("/receive-buffer/learnt-by-asking", Fixture, GUINT_TO_POINTER (100),
              set_up, test_learnt_by_asking, tear_down);
  return g_test_run ();
}
