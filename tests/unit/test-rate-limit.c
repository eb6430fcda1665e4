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

/* A clock that only moves when the test says so, in milliseconds. */
typedef struct
{
  gint64 now_ms;
} FakeClock;

static gint64
clock_advance (FakeClock *clock,
               gint64     ms)
{
  clock->now_ms += ms;
  return clock->now_ms;
}

/* How many of `attempts` new nodes from `source` pass at one instant. */
static guint
take_many (DiscRateLimit *limit,
           guint32        source,
           gint64         now_ms,
           guint          attempts)
{
  guint taken = 0;

  for (guint i = 0; i < attempts; i++)
    taken += disc_rate_limit_take (limit, source, now_ms);
  return taken;
}

static void
test_burst (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (10, 40, 8);
  FakeClock clock = { 1000 };

  g_test_summary ("A source heard for the first time has a full bucket: "
                  "the burst passes, nothing more at the same instant");
  g_assert_cmpuint (take_many (limit, SOURCE_A, clock.now_ms, 100), ==, 40);
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock.now_ms));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (limit), ==, 1);
}

static void
test_refill_rate (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (10, 40, 8);
  FakeClock clock = { 1000 };
  guint taken = 0;

  g_test_summary ("An empty bucket refills at the rate: one token per 100 ms at "
                  "10 a second, kept in thousandths so that no fraction is lost");
  take_many (limit, SOURCE_A, clock.now_ms, 40);

  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 99)));
  g_assert_true (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 1)));
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock.now_ms));

  /* ten steps of 10 ms add up to one token exactly */
  for (guint i = 0; i < 9; i++)
    g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 10)));
  g_assert_true (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 10)));

  /* a steady flood, one attempt a millisecond for a second: the rate */
  for (guint ms = 0; ms < 1000; ms++)
    taken += disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 1));
  g_assert_cmpuint (taken, ==, 10);
}

static void
test_sources_independent (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (10, 40, 8);
  FakeClock clock = { 1000 };

  g_test_summary ("Each source address has its own bucket: an empty one does not hold back another");
  take_many (limit, SOURCE_A, clock.now_ms, 40);
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock.now_ms));
  g_assert_cmpuint (take_many (limit, SOURCE_B, clock.now_ms, 100), ==, 40);
  g_assert_cmpuint (disc_rate_limit_get_n_sources (limit), ==, 2);
}

static void
test_refill_capped (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (16, 64, 8);
  FakeClock clock = { 0 };

  g_test_summary ("A silence of any length refills the bucket up to the "
                  "burst, no more, and never overflows the arithmetic");
  take_many (limit, SOURCE_A, clock.now_ms, 64);
  g_assert_cmpuint (take_many (limit, SOURCE_A, clock_advance (&clock, 3600 * 1000), 1000), ==, 64);
  /* half of the int64 range of milliseconds: elapsed × rate would overflow */
  g_assert_cmpuint (take_many (limit, SOURCE_A, clock_advance (&clock, G_MAXINT64 / 2), 1000), ==, 64);
}

static void
test_least_recently_used (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (10, 40, 3);
  FakeClock clock = { 1000 };

  g_test_summary ("The table of sources is bounded: when full, the source heard from "
                  "least recently is forgotten and starts again with a full bucket");
  take_many (limit, SOURCE_A, clock.now_ms, 40);
  take_many (limit, SOURCE_B, clock_advance (&clock, 1), 40);
  take_many (limit, SOURCE_C, clock_advance (&clock, 1), 40);
  /* A is heard again: B is now the least recently used */
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 1)));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (limit), ==, 3);

  g_assert_true (disc_rate_limit_take (limit, SOURCE_D, clock.now_ms));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (limit), ==, 3);
  /* B was forgotten, so its bucket is full again; A was kept, empty */
  g_assert_cmpuint (take_many (limit, SOURCE_B, clock.now_ms, 100), ==, 40);
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock.now_ms));
}

static void
test_clock_backwards (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (10, 40, 8);
  FakeClock clock = { 1000000 };

  g_test_summary ("A time earlier than the last one (another clock, a "
                  "reset) neither refills a bucket nor empties it further");
  take_many (limit, SOURCE_A, clock.now_ms, 39);
  g_assert_true (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, -1000000)));
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock.now_ms));
  /* back at the later time, the bucket counts from there */
  g_assert_false (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 1000000)));
  g_assert_true (disc_rate_limit_take (limit, SOURCE_A, clock_advance (&clock, 100)));
}

static void
test_many_sources (void)
{
  g_autoptr(DiscRateLimit) limit = disc_rate_limit_new (16, 64, DISC_RATE_LIMIT_MAX_SOURCES);
  FakeClock clock = { 0 };

  g_test_summary ("A flood from 100,000 spoofed addresses keeps at most "
                  "DISC_RATE_LIMIT_MAX_SOURCES buckets, each new one full");
  for (guint32 source = 0; source < 100000; source++)
    g_assert_true (disc_rate_limit_take (limit, source, clock_advance (&clock, 1)));
  g_assert_cmpuint (disc_rate_limit_get_n_sources (limit), ==, DISC_RATE_LIMIT_MAX_SOURCES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-limit/burst", test_burst);
  g_test_add_func ("/rate-limit/refill-rate", test_refill_rate);
  g_test_add_func ("/rate-limit/sources-independent", test_sources_independent);
  g_test_add_func ("/rate-limit/refill-capped", test_refill_capped);
  g_test_add_func ("/rate-limit/least-recently-used", test_least_recently_used);
  g_test_add_func ("/rate-limit/clock-backwards", test_clock_backwards);
  g_test_add_func ("/rate-limit/many-sources", test_many_sources);

  return g_test_run ();
}
