/* test-discovery-expiry.c: 1,000 nodes timing out together, on a real main loop
 *
 * One DiscDiscovery on loopback hears hellos for 1,000 made-up nodes (sent
 * by the test, in node-discover's plain dialect, from sockets of its own),
 * which then fall silent. Its ::removed handler costs 1 ms, as a window
 * re-binding rows might. A probe at the default priority counts
 * main-loop iterations, so the test sees how many removals one dispatch
 * made: a few, not all of them. Bounds are generous: a slow machine makes
 * the runs shorter, never longer.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test-util.h"

#define N_NODES      1000
#define CHUNK        100
/* Expected: about 4 removals a dispatch (a 4 ms budget, 1 ms handlers);
 * before the fix, every due node went in the one check dispatch. */
#define MAX_RUN      50
#define HANDLER_US   1000

typedef struct
{
  DiscDiscovery *d;
  guint64        iteration;       /* main-loop iterations seen by the probe */
  guint64        run_iteration;
  guint          run;             /* removals in the current iteration */
  guint          max_run;
  guint          runs;
  guint          timeouts;
  guint          stopped;
  guint          timeouts_after_stop;
  guint          stop_after;      /* 0: never; else stop() at this timeout */
  guint          unref_after;     /* 0: never; else drop the last reference */
  guint          dispose_after;   /* 0: never; else g_object_run_dispose() */
  gboolean       did_stop;
} Expiry;

static gboolean
on_probe (gpointer data)
{
  ((Expiry *) data)->iteration++;
  return G_SOURCE_CONTINUE;
}

static void
on_removed (DiscDiscovery *d, DiscNode *node, Expiry *e)
{
  DiscLeaveReason reason = disc_node_get_leave_reason (node);

  if (reason == DISC_LEAVE_STOPPED)
    {
      e->stopped++;
      return;
    }
  g_assert_cmpint (reason, ==, DISC_LEAVE_TIMEOUT);
  e->timeouts++;
  if (e->did_stop)
    e->timeouts_after_stop++;
  if (e->run_iteration != e->iteration || e->run == 0)
    {
      e->run_iteration = e->iteration;
      e->run = 0;
      e->runs++;
    }
  e->run++;
  e->max_run = MAX (e->max_run, e->run);
  g_usleep (HANDLER_US);

  if (e->stop_after != 0 && e->timeouts == e->stop_after)
    {
      e->did_stop = TRUE;
      disc_discovery_stop (d);
    }
  if (e->unref_after != 0 && e->timeouts == e->unref_after)
    g_clear_object (&e->d);
  if (e->dispose_after != 0 && e->timeouts == e->dispose_after)
    g_object_run_dispose (G_OBJECT (d));
}

static void
send_hello (guint port, guint i)
{
  g_autofree char *json =
    g_strdup_printf ("{\"event\":\"hello\",\"pid\":\"expiry-test\",\"iid\":\"%032x\","
                     "\"hostName\":\"expiry-test\",\"data\":{\"isMaster\":false,"
                     "\"isMasterEligible\":false,\"weight\":0.1,\"address\":\"127.0.0.1\"}}", i + 1);

  test_send_datagram (port, json, strlen (json));
}

static guint
n_nodes (DiscDiscovery *d)
{
  return g_list_model_get_n_items (disc_discovery_get_nodes (d));
}

/* All N_NODES in the table, heard within a short time of each other. The
 * socket buffer holds a few hundred datagrams, so they go in chunks, and
 * any that were dropped go again. */
static void
add_nodes (DiscDiscovery *d, guint port)
{
  for (guint round = 0; round < 10 && n_nodes (d) < N_NODES; round++)
    for (guint first = 0; first < N_NODES; first += CHUNK)
      {
        guint sent = 0;
        gint64 deadline;

        for (guint i = first; i < first + CHUNK; i++)
          {
            g_autofree char *iid = g_strdup_printf ("%032x", i + 1);

            if (disc_discovery_lookup_node (d, iid) == NULL)
              {
                send_hello (port, i);
                sent++;
              }
          }
        deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
        while (sent > 0 && n_nodes (d) < MIN (first + CHUNK, N_NODES) &&
               g_get_monotonic_time () < deadline)
          g_main_context_iteration (NULL, FALSE);
      }
  g_assert_cmpuint (n_nodes (d), ==, N_NODES);
}

static DiscDiscovery *
make_listener (guint port)
{
  return g_object_new (DISC_TYPE_DISCOVERY,
                       "broadcast", TEST_LOOPBACK_BROADCAST,
                       "port", port,
                       "hello-interval", 1000,
                       "check-interval", 1000,
                       "node-timeout", 1000,
                       "master-timeout", 1000,
                       "master-eligible", FALSE,
                       "new-node-rate", 0,
                       NULL);
}

static gboolean
all_gone (gpointer data)
{
  Expiry *e = data;

  return e->timeouts + e->stopped >= N_NODES;
}

/* A running listener with N_NODES in its table, about to time out. */
static void
start_expiry (Expiry *e)
{
  guint port = test_free_udp_port ();

  e->d = make_listener (port);
  test_start_or_fail (e->d);
  add_nodes (e->d, port);
  g_signal_connect (e->d, "removed", G_CALLBACK (on_removed), e);
}

static void
run_expiry (Expiry *e)
{
  GSource *probe = g_idle_source_new ();

  start_expiry (e);
  g_source_set_callback (probe, on_probe, e, NULL);
  g_source_set_priority (probe, G_PRIORITY_DEFAULT);
  g_source_attach (probe, NULL);

  g_assert_true (test_wait_for (all_gone, e));
  g_source_destroy (probe);
  g_source_unref (probe);
  g_test_message ("%u removals in %u main-loop iterations, at most %u in one",
                  e->timeouts, e->runs, e->max_run);
}

static void
test_mass_expiry_spread (void)
{
  Expiry e = { 0 };

  g_test_summary ("1,000 nodes timing out together are removed a few per main-loop dispatch, "
                  "each with ::removed and the timeout reason, not all in one dispatch");
  g_test_bug ("issues/15");
  run_expiry (&e);
  g_assert_cmpuint (e.timeouts, ==, N_NODES);
  g_assert_cmpuint (e.max_run, <=, MAX_RUN);
  g_assert_cmpuint (e.runs, >=, N_NODES / MAX_RUN);
  g_assert_cmpuint (n_nodes (e.d), ==, 0);
  g_assert_true (disc_discovery_is_running (e.d));
  g_clear_object (&e.d);
}

static void
test_mass_expiry_stop (void)
{
  Expiry e = { .stop_after = 10 };
  guint removed;

  g_test_summary ("stop() in the middle of a mass expiry ends it: the nodes left are removed "
                  "at once as stopped, and nothing times out after");
  g_test_bug ("issues/15");
  run_expiry (&e);
  g_assert_true (e.did_stop);
  g_assert_cmpuint (e.timeouts, ==, 10);
  g_assert_cmpuint (e.timeouts_after_stop, ==, 0);
  g_assert_cmpuint (e.stopped, ==, N_NODES - 10);
  g_assert_false (disc_discovery_is_running (e.d));
  removed = e.timeouts + e.stopped;
  test_run_for_ms (300);
  g_assert_cmpuint (e.timeouts + e.stopped, ==, removed);

  /* It starts again, with an empty table. */
  test_start_or_fail (e.d);
  test_run_for_ms (300);
  g_assert_cmpuint (n_nodes (e.d), ==, 0);
  g_assert_cmpuint (e.timeouts + e.stopped, ==, removed);
  g_clear_object (&e.d);
}

static gboolean
finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_mass_expiry_unref (void)
{
  Expiry e = { .unref_after = 10 };
  gpointer weak;
  guint removed;

  g_test_summary ("A discovery whose last reference is dropped during a mass expiry goes "
                  "away with its pending continuation");
  g_test_bug ("issues/15");
  start_expiry (&e);
  weak = e.d;
  g_object_add_weak_pointer (G_OBJECT (e.d), &weak);
  g_assert_true (test_wait_for (finalized, &weak));
  removed = e.timeouts;
  g_assert_cmpuint (removed, >=, 10);
  test_run_for_ms (300);
  g_assert_null (weak);
  g_assert_cmpuint (e.timeouts, ==, removed);
}

static gboolean
ten_removed (gpointer data)
{
  return ((Expiry *) data)->timeouts >= 10;
}

static void
test_mass_expiry_dispose (void)
{
  Expiry e = { .dispose_after = 10 };
  guint removed;

  g_test_summary ("A ::removed handler that disposes the discovery (as a binding's "
                  "run_dispose() does) during a mass expiry ends it without touching freed "
                  "state; the object answers calls, but does not start again");
  g_test_bug ("issues/15");
  start_expiry (&e);
  g_assert_true (test_wait_for (ten_removed, &e));
  removed = e.timeouts + e.stopped;
  test_run_for_ms (300);
  g_assert_cmpuint (e.timeouts + e.stopped, ==, removed);
  g_assert_false (disc_discovery_is_running (e.d));
  /* Calls on a disposed object answer, and do not crash. */
  g_assert_nonnull (disc_discovery_get_nodes (e.d));
  g_assert_null (disc_discovery_lookup_node (e.d, "00000000000000000000000000000001"));
  /* It does not start again: it would run without signals, deaf. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (disc_discovery_start (e.d, &error));
    g_assert_error (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING);
  }
  g_clear_object (&e.d);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base (TEST_BUG_BASE);

  g_test_add_func ("/discovery/mass-expiry/spread", test_mass_expiry_spread);
  g_test_add_func ("/discovery/mass-expiry/stop", test_mass_expiry_stop);
  g_test_add_func ("/discovery/mass-expiry/unref", test_mass_expiry_unref);
  g_test_add_func ("/discovery/mass-expiry/dispose", test_mass_expiry_dispose);
  return g_test_run ();
}
