/* test-rate-limit.c: the per-source new-node token buckets, on a fake clock
 *
 * core/disc-rate-limit.c takes the time as an argument, so every case here
 * steps a clock of its own: no socket, no sleep, the same result each run.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "disc-rate-limit.h"

#define SOURCE_A 0x7f000001u   /* 127.0.0.1 */
#define SOURCE_B 0x7f000002u
#define SOURCE_C 0x7f000003u
#define SOURCE_D 0x7f000004u

/* A rate limit and the fake clock it is read with, in milliseconds. */
typedef struct
{
  DiscRateLimit *limit;
  gint64         now_ms;
} Limiter;

static void
limiter_init (Limiter *l,
              guint    rate_per_second,
              guint    burst,
              guint    max_sources,
              gint64   start_ms)
{
  l->limit = disc_rate_limit_new (rate_per_second, burst, max_sources);
  l->now_ms = start_ms;
}

static void
limiter_clear (Limiter *l)
{
  g_clear_pointer (&l->limit, disc_rate_limit_free);
}

/* Moves the clock `advance_ms` on (or back), then asks for one new node
 * from `source`. */
static gboolean
take (Limiter *l,
      guint32  source,
      gint64   advance_ms)
{
  l->now_ms += advance_ms;
  return disc_rate_limit_take (l->limit, source, l->now_ms);
}

/* How many of `attempts` new nodes from `source` pass at one instant,
 * `advance_ms` after the last. */
static guint
take_many (Limiter *l,
           guint32  source,
           gint64   advance_ms,
           guint    attempts)
{
  guint taken = take (l, source, advance_ms);

  for (guint i = 1; i < attempts; i++)
    taken += take (l, source, 0);
  return taken;
}

/* The limit of most tests: 10 a second, a burst of 40, 8 sources, from 1 s. */
static void
set_up (Limiter *l, gconstpointer data)
{
  limiter_init (l, 10, 40, 8, 1000);
}

static void
tear_down (Limiter *l, gconstpointer data)
{
  limiter_clear (l);
}

static void
test_burst (Limiter *l, gconstpointer data)
{
  g_test_summary ("A source heard for the first time has a full bucket: "
                  "the burst passes, nothing more at the same instant");
  g_assert_cmpuint (take_many (l, SOURCE_A, 0, 100), ==, 40);
  g_assert_false (take (l, SOURCE_A, 0));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (l->limit), ==, 1);
}

static void
test_refill_rate (Limiter *l, gconstpointer data)
{
  guint taken = 0;

  g_test_summary ("An empty bucket refills at the rate: one token per 100 ms at "
                  "10 a second, kept in thousandths so that no fraction is lost");
  take_many (l, SOURCE_A, 0, 40);

  g_assert_false (take (l, SOURCE_A, 99));
  g_assert_true (take (l, SOURCE_A, 1));
  g_assert_false (take (l, SOURCE_A, 0));

  /* ten steps of 10 ms add up to one token exactly */
  for (guint i = 0; i < 9; i++)
    g_assert_false (take (l, SOURCE_A, 10));
  g_assert_true (take (l, SOURCE_A, 10));

  /* a steady flood, one attempt a millisecond for a second: the rate */
  for (guint ms = 0; ms < 1000; ms++)
    taken += take (l, SOURCE_A, 1);
  g_assert_cmpuint (taken, ==, 10);
}

static void
test_sources_independent (Limiter *l, gconstpointer data)
{
  g_test_summary ("Each source address has its own bucket: an empty one does not "
                  "hold back another");
  take_many (l, SOURCE_A, 0, 40);
  g_assert_false (take (l, SOURCE_A, 0));
  g_assert_cmpuint (take_many (l, SOURCE_B, 0, 100), ==, 40);
  g_assert_cmpuint (disc_rate_limit_get_n_sources (l->limit), ==, 2);
}

static void
test_clock_backwards (Limiter *l, gconstpointer data)
{
  g_test_summary ("A time earlier than the last one (another clock, a reset) neither "
                  "refills a bucket nor empties it further");
  take_many (l, SOURCE_A, 1000000, 39);
  g_assert_true (take (l, SOURCE_A, -1000000));
  g_assert_false (take (l, SOURCE_A, 0));
  /* back at the later time, the bucket counts from there */
  g_assert_false (take (l, SOURCE_A, 1000000));
  g_assert_true (take (l, SOURCE_A, 100));
}

static void
test_refill_capped (void)
{
  Limiter l;

  g_test_summary ("A silence of any length refills the bucket up to the burst, "
                  "no more, and never overflows the arithmetic");
  limiter_init (&l, 16, 64, 8, 0);
  take_many (&l, SOURCE_A, 0, 64);
  g_assert_cmpuint (take_many (&l, SOURCE_A, 3600 * 1000, 1000), ==, 64);
  /* half of the int64 range of milliseconds: elapsed × rate would overflow */
  g_assert_cmpuint (take_many (&l, SOURCE_A, G_MAXINT64 / 2, 1000), ==, 64);
  limiter_clear (&l);
}

static void
test_least_recently_used (void)
{
  Limiter l;

  g_test_summary ("The table of sources is bounded: when full, the source heard from "
                  "least recently is forgotten and starts again with a full bucket");
  limiter_init (&l, 10, 40, 3, 1000);
  take_many (&l, SOURCE_A, 0, 40);
  take_many (&l, SOURCE_B, 1, 40);
  take_many (&l, SOURCE_C, 1, 40);
  /* A is heard again: B is now the least recently used */
  g_assert_false (take (&l, SOURCE_A, 1));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (l.limit), ==, 3);

  g_assert_true (take (&l, SOURCE_D, 0));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (l.limit), ==, 3);
  /* B was forgotten, so its bucket is full again; A was kept, empty */
  g_assert_cmpuint (take_many (&l, SOURCE_B, 0, 100), ==, 40);
  g_assert_false (take (&l, SOURCE_A, 0));
  limiter_clear (&l);
}

static void
test_many_sources (void)
{
  Limiter l;

  g_test_summary ("A flood from 100,000 spoofed addresses keeps at most "
                  "DISC_RATE_LIMIT_MAX_SOURCES buckets, each new one full");
  limiter_init (&l, 16, 64, DISC_RATE_LIMIT_MAX_SOURCES, 0);
  for (guint32 source = 0; source < 100000; source++)
    g_assert_true (take (&l, source, 1));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (l.limit), ==, DISC_RATE_LIMIT_MAX_SOURCES);
  limiter_clear (&l);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rate-limit/burst", Limiter, NULL, set_up, test_burst, tear_down);
  g_test_add ("/rate-limit/refill-rate", Limiter, NULL, set_up, test_refill_rate, tear_down);
  g_test_add ("/rate-limit/sources-independent", Limiter, NULL, set_up, test_sources_independent,
              tear_down);
  g_test_add ("/rate-limit/clock-backwards", Limiter, NULL, set_up, test_clock_backwards, tear_down);
  g_test_add_func ("/rate-limit/refill-capped", test_refill_capped);
  g_test_add_func ("/rate-limit/least-recently-used", test_least_recently_used);
  g_test_add_func ("/rate-limit/many-sources", test_many_sources);

  return g_test_run ();
}
