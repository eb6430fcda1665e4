/* test-receive-pacing.c: when the transport reads its socket, on a fake clock
 *
 * core/disc-receive-pacing.c decides whether to wait for the socket or read
 * it on a timer; it takes the time as an argument. These cases run it
 * against a model of a socket and a main loop: datagrams arrive at given
 * times, a wake-up on the socket comes WAKE_LATENCY_US after a datagram
 * arrives, and a read takes at most BOUND datagrams from the queue. No
 * socket, no sleep, the same result each run.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "disc-receive-pacing.h"

#define WAKE_LATENCY_US 20
#define BOUND           256   /* the transport's MAX_DATAGRAMS_PER_DISPATCH */

typedef struct
{
  /* what the model measured */
  guint  wakeups;
  guint  read;
  guint  dropped;          /* arrived to a full buffer */
  gint64 worst_latency_us; /* from arrival to read */
  guint  worst_queue;      /* datagrams queued at a read */
  guint  timed_reads;
  gint64 worst_latency_after_us; /* the same, for datagrams after @after_us */
  DiscReceivePacingMode mode;    /* at the end */
} Outcome;

/* Runs the pacing over @n arrival times (µs, ascending), with a socket
 * buffer of @capacity datagrams. */
static Outcome
simulate (const gint64 *arrivals,
          guint         n,
          guint         capacity,
          gint64        after_us)
{
  DiscReceivePacing pacing;
  Outcome out = { 0, };
  g_autofree gint64 *queue = g_new (gint64, capacity);
  guint head = 0, queued = 0, next = 0;
  gint64 ready_us = -1;   /* -1: waiting for the socket */
  gint64 now = 0;

  disc_receive_pacing_init (&pacing, capacity);
  for (;;)
    {
      guint take;

      /* Bounded: a pacing that never goes back to the socket would read
       * on its timer for ever. */
      if (next == n && queued == 0 && (ready_us < 0 || ready_us > arrivals[n - 1] + G_USEC_PER_SEC))
        break;
      if (ready_us >= 0)
        now = ready_us;
      else if (queued > 0)
        ;   /* still readable: the next iteration of the loop, at once */
      else if (next < n)
        now = arrivals[next] + WAKE_LATENCY_US;
      else
        break;

      /* What arrived by then, into the buffer if it has room. */
      for (; next < n && arrivals[next] <= now; next++)
        {
          if (queued == capacity)
            {
              out.dropped++;
              continue;
            }
          queue[(head + queued) % capacity] = arrivals[next];
          queued++;
        }

      out.wakeups++;
      out.worst_queue = MAX (out.worst_queue, queued);
      take = MIN (queued, BOUND);
      for (guint i = 0; i < take; i++)
        {
          gint64 latency = now - queue[head];

          out.worst_latency_us = MAX (out.worst_latency_us, latency);
          if (queue[head] > after_us)
            out.worst_latency_after_us = MAX (out.worst_latency_after_us, latency);
          head = (head + 1) % capacity;
        }
      queued -= take;
      out.read += take;
      ready_us = disc_receive_pacing_dispatched (&pacing, now, take, queued == 0);
      if (ready_us >= 0)
        g_assert_cmpint (ready_us, >=, now);
    }
  out.timed_reads = (guint) pacing.timed_reads;
  out.mode = disc_receive_pacing_get_mode (&pacing);
  return out;
}

/* @n datagrams, @interval_us apart, from @start_us. */
static gint64 *
steady (guint  n,
        gint64 start_us,
        gint64 interval_us)
{
  gint64 *times = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    times[i] = start_us + i * interval_us;
  return times;
}

static void
test_light_traffic (void)
{
  g_autofree gint64 *arrivals = steady (200, 0, 5000);   /* 200 a second */
  Outcome out;

  g_test_summary ("While traffic is light the socket is waited on: every datagram is "
                  "read as soon as it wakes the loop, never on a timer.");
  out = simulate (arrivals, 200, 100, G_MAXINT64);
  g_assert_cmpuint (out.read, ==, 200);
  g_assert_cmpuint (out.timed_reads, ==, 0);
  g_assert_cmpint (out.worst_latency_us, ==, WAKE_LATENCY_US);
}

static void
test_bursts_stay_on_socket (void)
{
  /* bench/run's ingest: 4,000 hellos a second in bursts of 32, one burst
   * every 8 ms, the datagrams of a burst 10 µs apart. */
  gint64 arrivals[125 * 32];
  Outcome out;

  g_test_summary ("Bursts (a cluster's hellos sent together) wake the loop a few times "
                  "and leave it idle: they are read from the socket, with no added latency.");
  for (guint b = 0; b < 125; b++)
    for (guint i = 0; i < 32; i++)
      arrivals[b * 32 + i] = b * 8000 + i * 10;
  out = simulate (arrivals, G_N_ELEMENTS (arrivals), 400, G_MAXINT64);
  g_assert_cmpuint (out.read, ==, G_N_ELEMENTS (arrivals));
  g_assert_cmpuint (out.timed_reads, ==, 0);
  g_assert_cmpint (out.worst_latency_us, <=, WAKE_LATENCY_US + 10);
}

static void
test_heavy_traffic_uses_timer (void)
{
  /* 20,000 a second, evenly spread: on the socket, a wake-up each. */
  g_autofree gint64 *arrivals = steady (20000, 0, 50);
  Outcome out;

  g_test_summary ("Under heavy traffic (20,000 datagrams a second, spread out) the socket "
                  "is read on a 1 ms timer: about 1,000 wake-ups a second instead of 20,000, "
                  "and no datagram waits more than a period.");
  out = simulate (arrivals, 20000, 400, G_MAXINT64);
  g_assert_cmpuint (out.read, ==, 20000);
  g_assert_cmpuint (out.dropped, ==, 0);
  g_assert_cmpuint (out.wakeups, <, 1100);
  g_assert_cmpuint (out.timed_reads, >, 900);
  g_assert_cmpint (out.worst_latency_us, <=, DISC_RECEIVE_PACING_PERIOD_US + WAKE_LATENCY_US);
  g_assert_cmpint (out.mode, ==, DISC_RECEIVE_PACING_SOCKET);
}

static void
test_back_to_socket (void)
{
  /* 100 ms at 20,000 a second, then 200 a second for a second. */
  gint64 arrivals[2000 + 200];
  Outcome out;

  g_test_summary ("When a timed read finds little the socket is waited on again: once "
                  "heavy traffic stops, datagrams are read as they arrive.");
  for (guint i = 0; i < 2000; i++)
    arrivals[i] = i * 50;
  for (guint i = 0; i < 200; i++)
    arrivals[2000 + i] = 100000 + 5000 + i * 5000;
  out = simulate (arrivals, G_N_ELEMENTS (arrivals), 400, 100000 + 5000 + 5000);
  g_assert_cmpuint (out.read, ==, G_N_ELEMENTS (arrivals));
  g_assert_cmpuint (out.timed_reads, >, 50);
  /* The first light datagram may be found by a timed read; the rest wake. */
  g_assert_cmpint (out.worst_latency_after_us, ==, WAKE_LATENCY_US);
}

static void
test_queue_bounded_by_buffer (void)
{
  /* 200,000 a second into a buffer of 60 datagrams: a full period would
   * queue 200 and overflow it. */
  g_autofree gint64 *arrivals = steady (20000, 0, 5);
  Outcome out;

  g_test_summary ("The timer never lets the socket's buffer overflow: at a rate that "
                  "would fill it within a period, it reads before half of it can fill.");
  out = simulate (arrivals, 20000, 60, G_MAXINT64);
  g_assert_cmpuint (out.dropped, ==, 0);
  g_assert_cmpuint (out.read, ==, 20000);
  g_assert_cmpuint (out.worst_queue, <=, 60 / 2 + 2);
}

static void
test_bound_reads_again_at_once (void)
{
  DiscReceivePacing pacing;
  gint64 now = 1000000;

  g_test_summary ("A timed read that stopped at the per-dispatch bound, with more "
                  "queued, is followed by another at once, not a period later.");
  disc_receive_pacing_init (&pacing, 1000);
  for (guint i = 0; i < DISC_RECEIVE_PACING_HEAVY_WAKES; i++, now += 10)
    disc_receive_pacing_dispatched (&pacing, now, 1, TRUE);
  g_assert_cmpint (disc_receive_pacing_get_mode (&pacing), ==, DISC_RECEIVE_PACING_TIMER);
  now += DISC_RECEIVE_PACING_PERIOD_US;
  g_assert_cmpint (disc_receive_pacing_dispatched (&pacing, now, BOUND, FALSE), ==, now);
  g_assert_cmpint (disc_receive_pacing_get_mode (&pacing), ==, DISC_RECEIVE_PACING_TIMER);
  /* Drained, and it found plenty: the next read a period later. */
  g_assert_cmpint (disc_receive_pacing_dispatched (&pacing, now + 500, 40, TRUE), ==,
                   now + 500 + DISC_RECEIVE_PACING_PERIOD_US);
}

static void
test_capacity_for_buffer (void)
{
  g_test_summary ("The buffer's capacity in datagrams is counted conservatively, as "
                  "full 1,500-byte blocks, and a bad size reads as none.");
  /* Linux's default, 212,992 bytes doubled. */
  g_assert_cmpuint (disc_receive_pacing_capacity_for_buffer (425984), ==, 166);
  g_assert_cmpuint (disc_receive_pacing_capacity_for_buffer (-1), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receive-pacing/light-traffic", test_light_traffic);
  g_test_add_func ("/receive-pacing/bursts-stay-on-socket", test_bursts_stay_on_socket);
  g_test_add_func ("/receive-pacing/heavy-traffic-uses-timer", test_heavy_traffic_uses_timer);
  g_test_add_func ("/receive-pacing/back-to-socket", test_back_to_socket);
  g_test_add_func ("/receive-pacing/queue-bounded-by-buffer", test_queue_bounded_by_buffer);
  g_test_add_func ("/receive-pacing/bound-reads-again-at-once", test_bound_reads_again_at_once);
  g_test_add_func ("/receive-pacing/capacity-for-buffer", test_capacity_for_buffer);
  return g_test_run ();
}
