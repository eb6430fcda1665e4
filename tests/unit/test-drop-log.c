/* test-drop-log.c: sources of dropped datagrams, on a fake clock
 *
 * SPDX-License-Identifier: MIT
 */
#include "disc-drop-log.h"

#define A 0x0a000001u   /* 10.0.0.1 */
#define B 0x0a000002u   /* 10.0.0.2 */

static void
test_starts_once_a_minute (void)
{
  g_autoptr(DiscDropLog) log = disc_drop_log_new ();
  gint64 now = 5000;
  guint starts = 0;

  g_test_summary ("A kind of drop starts once, then again only after a quiet minute, "
                  "however many drops come");
  g_assert_true (disc_drop_log_add (log, DISC_DROP_DECRYPT, A, now));
  for (guint i = 0; i < 10000; i++, now += 10)   /* 100 s of a flood */
    starts += disc_drop_log_add (log, DISC_DROP_DECRYPT, A, now);
  g_assert_cmpuint (starts, ==, 0);
  /* Another reason is its own. */
  g_assert_true (disc_drop_log_add (log, DISC_DROP_JSON, B, now));
  /* Quiet for a minute: it starts again. */
  now += DISC_DROP_LOG_QUIET_MS;
  g_assert_true (disc_drop_log_add (log, DISC_DROP_DECRYPT, B, now));
  g_assert_false (disc_drop_log_add (log, DISC_DROP_DECRYPT, B, now + 1));
}

static void
test_sources (void)
{
  g_autoptr(DiscDropLog) log = disc_drop_log_new ();
  g_auto(GStrv) sources = NULL;

  g_test_summary ("Distinct sources are counted and listed in address order, bounded");
  disc_drop_log_add (log, DISC_DROP_DECRYPT, B, 0);
  disc_drop_log_add (log, DISC_DROP_DECRYPT, A, 1);
  disc_drop_log_add (log, DISC_DROP_DECRYPT, B, 2);
  disc_drop_log_add (log, DISC_DROP_REASSEMBLY_TIMEOUT, 0, 3);   /* no one source */
  g_assert_cmpuint (disc_drop_log_get_n_sources (log, DISC_DROP_DECRYPT), ==, 2);
  g_assert_cmpuint (disc_drop_log_get_n_sources (log, DISC_DROP_REASSEMBLY_TIMEOUT), ==, 0);
  g_assert_cmpuint (disc_drop_log_get_n_sources (log, DISC_DROP_JSON), ==, 0);
  sources = disc_drop_log_list_sources (log, DISC_DROP_DECRYPT);
  g_assert_cmpuint (g_strv_length (sources), ==, 2);
  g_assert_cmpstr (sources[0], ==, "10.0.0.1");
  g_assert_cmpstr (sources[1], ==, "10.0.0.2");

  /* A spoofing flood from every address cannot grow it without bound. */
  for (guint32 i = 1; i < 100000; i++)
    disc_drop_log_add (log, DISC_DROP_JSON, 0x0b000000u + i, 10);
  g_assert_cmpuint (disc_drop_log_get_n_sources (log, DISC_DROP_JSON), ==, DISC_DROP_LOG_MAX_SOURCES);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drop-log/starts-once-a-minute", test_starts_once_a_minute);
  g_test_add_func ("/drop-log/sources", test_sources);

  return g_test_run ();
}
