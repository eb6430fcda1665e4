/* test-key-rotation.c: the aes-256-gcm keyring and rate limit, through the API on loopback
 *
 * Real sockets on loopback only (127.255.255.255 and 127.0.0.1), as in
 * test-discovery.c.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test-util.h"

static DiscDiscovery *
make_node (guint port, const char *algorithm, const char *key)
{
  /* Timeouts generous: deriving a key blocks the main loop of every node
   * in this process (5 s each under valgrind). */
  DiscDiscovery *d = test_new_node (DISC_TYPE_DISCOVERY, port, 30000);

  g_object_set (d, "algorithm", algorithm, "key", key, NULL);
  return d;
}

static guint
n_nodes (DiscDiscovery *d)
{
  return g_list_model_get_n_items (disc_discovery_get_nodes (d));
}

static gboolean
both_see_one (gpointer data)
{
  DiscDiscovery **pair = data;

  return n_nodes (pair[0]) == 1 && n_nodes (pair[1]) == 1;
}

/* The pair, then the stale-key and the clear instance: each of the pair
 * has refused both intruders, and the clear one the pair. */
static gboolean
intruders_refused (gpointer data)
{
  DiscDiscovery **all = data;

  for (guint i = 0; i < 2; i++)
    if (disc_discovery_get_drop_count (all[i], DISC_DROP_DECRYPT) == 0 ||
        disc_discovery_get_drop_count (all[i], DISC_DROP_AUTHENTICATION) == 0)
      return FALSE;
  return disc_discovery_get_drop_count (all[3], DISC_DROP_DECRYPT) > 0;
}

static void
count_signal (DiscDiscovery *d, DiscNode *node, guint *count)
{
  (*count)++;
}

static void
test_api (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  g_test_summary ("add_key, use_key, remove_key and list_keys, "
                  "with their errors, and the checks start() makes");
  /* the legacy cipher has no key ids: no keyring */
  g_assert_false (disc_discovery_add_key (d, "one", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
  g_assert_nonnull (strstr (error->message, "aes-256-gcm"));
  g_clear_error (&error);

  g_object_set (d, "algorithm", "aes-256-gcm", NULL);
  g_assert_false (disc_discovery_add_key (d, "", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);

  ids = disc_discovery_list_keys (d);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_clear_pointer (&ids, g_strfreev);

  /* the first key becomes the primary */
  g_assert_true (disc_discovery_add_key (d, "one", &error));
  g_assert_no_error (error);

  g_assert_true (disc_discovery_add_key (d, "two", NULL));
  g_assert_true (disc_discovery_add_key (d, "two", NULL));   /* already there */
  ids = disc_discovery_list_keys (d);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpuint (strlen (ids[0]), ==, 16);
  g_assert_cmpstr (ids[0], !=, ids[1]);
  /* never the passphrase */
  g_assert_null (strstr (ids[0], "one"));

  /* use: the old primary stays */
  g_assert_false (disc_discovery_use_key (d, "three", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_true (disc_discovery_use_key (d, "two", &error));
  g_assert_no_error (error);
  {
    g_auto(GStrv) swapped = disc_discovery_list_keys (d);

    g_assert_cmpuint (g_strv_length (swapped), ==, 2);
    g_assert_cmpstr (swapped[0], ==, ids[1]);
    g_assert_cmpstr (swapped[1], ==, ids[0]);
  }

  /* remove: never the primary */
  g_assert_false (disc_discovery_remove_key (d, "two", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (disc_discovery_remove_key (d, "nine", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_true (disc_discovery_remove_key (d, "one", &error));
  g_assert_no_error (error);
  {
    g_auto(GStrv) one = disc_discovery_list_keys (d);

    g_assert_cmpuint (g_strv_length (one), ==, 1);
    g_assert_cmpstr (one[0], ==, ids[1]);
  }

  /* at most 16 keys */
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *k = g_strdup_printf ("key-%u", i);

      g_assert_true (disc_discovery_add_key (d, k, NULL));
    }
  g_assert_false (disc_discovery_add_key (d, "one too many", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);

  /* a keyring needs aes-256-gcm at start too */
  g_object_set (d, "algorithm", "aes256", "port", test_free_udp_port (), "broadcast", TEST_LOOPBACK_BROADCAST, NULL);
  g_assert_false (disc_discovery_start (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
  g_clear_error (&error);
  /* ... and a primary key */
  g_object_set (d, "algorithm", "aes-256-gcm", "key", NULL, NULL);
  g_assert_false (disc_discovery_start (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
}

static void
test_unknown_algorithm_message (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("An unknown algorithm at start names the one that has a keyring");
  g_object_set (d, "algorithm", "chacha20", "key", "k", "port", test_free_udp_port (),
                "broadcast", TEST_LOOPBACK_BROADCAST, NULL);
  g_assert_false (disc_discovery_start (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
  g_assert_nonnull (strstr (error->message, "aes-256-gcm"));
}

/* Serf's rotation while running: install, use, remove; no node is lost,
 * no packet dropped. Then outsiders: an old key, clear text. */
static void
test_live_rotation (void)
{
  guint port = test_free_udp_port ();
  DiscDiscovery *pair[2];
  guint removed = 0;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Rotating keys while running loses no node and "
                  "drops nothing; old-key and clear nodes stay out");
  for (guint i = 0; i < 2; i++)
    {
      pair[i] = make_node (port, "aes-256-gcm", "old");
      g_signal_connect (pair[i], "removed", G_CALLBACK (count_signal), &removed);
      test_start_or_fail (pair[i]);
    }
  g_assert_true (test_wait_for (both_see_one, pair));

  for (guint i = 0; i < 2; i++)
    g_assert_true (disc_discovery_add_key (pair[i], "new", &error));
  test_run_for_ms (300);
  g_assert_true (disc_discovery_use_key (pair[0], "new", &error));
  test_run_for_ms (300);
  g_assert_true (disc_discovery_use_key (pair[1], "new", &error));
  test_run_for_ms (300);
  for (guint i = 0; i < 2; i++)
    g_assert_true (disc_discovery_remove_key (pair[i], "old", &error));
  test_run_for_ms (500);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (n_nodes (pair[i]), ==, 1);
      g_assert_cmpuint (disc_discovery_get_drop_total (pair[i]), ==, 0);
    }
  g_assert_cmpuint (removed, ==, 0);

  /* An instance still on the old key cannot talk to them. */
  {
    g_autoptr(DiscDiscovery) stale = make_node (port, "aes-256-gcm", "old");
    g_autoptr(DiscDiscovery) clear = make_node (port, "aes256", NULL);
    DiscDiscovery *all[] = { pair[0], pair[1], stale, clear };

    test_start_or_fail (stale);
    test_start_or_fail (clear);
    /* Wait for the refusals themselves, not a fixed time: on a loaded
     * machine the intruders' first hellos may come late. */
    g_assert_true (test_wait_for (intruders_refused, all));
    g_assert_cmpuint (n_nodes (stale), ==, 0);
    for (guint i = 0; i < 2; i++)
      g_assert_cmpuint (n_nodes (pair[i]), ==, 1);
    /* the clear instance sees nobody either: it cannot read aes-256-gcm */
    g_assert_cmpuint (n_nodes (clear), ==, 0);
    disc_discovery_stop (stale);
    disc_discovery_stop (clear);
  }

  /* Setting the key property while running replaces the primary at once. */
  g_object_set (pair[0], "key", "newer", NULL);
  g_object_set (pair[1], "key", "newer", NULL);
  test_run_for_ms (300);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (n_nodes (pair[i]), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      disc_discovery_stop (pair[i]);
      g_object_unref (pair[i]);
    }
}

/* Sends `n` clear hellos from 127.0.0.1, each with a new id
 * "PREFIX-NNNN", letting the main loop run between batches of ten. */
static void
send_hellos (guint port, const char *prefix, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *hello = g_strdup_printf (
        "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"%s-%04u\",\"hostName\":\"h\","
        "\"data\":{\"isMaster\":false,\"isMasterEligible\":false,\"weight\":0}}", prefix, i);

      test_send_datagram (port, hello, strlen (hello));
      if (i % 10 == 9)
        test_run_for_ms (5);
    }
}

typedef struct {
  DiscDiscovery *discovery;
  guint          expected;   /* nodes + rate-limit drops once all are read */
} FloodCount;

static gboolean
flood_handled (gpointer data)
{
  FloodCount *count = data;

  return n_nodes (count->discovery) +
         disc_discovery_get_drop_count (count->discovery, DISC_DROP_RATE_LIMIT) >= count->expected;
}

/* Crafted hellos from one address, each with a new id: the rate limit lets
 * a burst through and drops the rest; known nodes are not limited. */
static void
test_new_node_rate (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) d = NULL;
  const guint flood = 50;
  guint after[2];
  gint64 started;
  guint refilled;

  g_test_summary ("A flood of new node ids from one address is "
                  "cut to the burst; new-node-rate 0 lets all in");
  d = g_object_new (DISC_TYPE_DISCOVERY,
                    "broadcast", TEST_LOOPBACK_BROADCAST, "port", port,
                    "hello-interval", 100, "check-interval", 200,
                    "node-timeout", 10000, "master-timeout", 10000,
                    "new-node-rate", 2, "listen-only", TRUE,
                    NULL);
  test_start_or_fail (d);

  started = g_get_monotonic_time ();
  for (guint round = 0; round < 2; round++)
    {
      /* Every new id is either a node or a counted drop; the ids the
       * first round let in pass again as known nodes. */
      FloodCount count = { d, round == 0 ? flood : 2 * flood - after[0] };

      send_hellos (port, "flood", flood);
      g_assert_true (test_wait_for (flood_handled, &count));
      after[round] = n_nodes (d);
    }
  /* Tokens come back at 2 a second: how many could have, at the most. */
  refilled = (guint) (2 * (g_get_monotonic_time () - started) / G_TIME_SPAN_SECOND) + 1;

  /* Four seconds' worth at once (8), plus what was refilled meanwhile.
   * In the second round the known ones pass, and new ones are dropped
   * unless a token came back. */
  g_test_message ("accepted %u, then %u (at most %u refilled)", after[0], after[1], refilled);
  g_assert_cmpuint (after[0], >=, 8);
  g_assert_cmpuint (after[1], <=, 8 + refilled);
  g_assert_cmpuint (disc_discovery_get_drop_count (d, DISC_DROP_RATE_LIMIT), ==,
                    (flood - after[0]) + (flood - after[1]));
  disc_discovery_stop (d);

  /* 0: no limit */
  g_object_set (d, "new-node-rate", 0, NULL);
  test_start_or_fail (d);
  send_hellos (port, "again", flood);
  {
    FloodCount count = { d, flood };

    g_assert_true (test_wait_for (flood_handled, &count));
  }
  g_assert_cmpuint (n_nodes (d), ==, flood);
  disc_discovery_stop (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/api", test_api);
  g_test_add_func ("/keyring/unknown-algorithm", test_unknown_algorithm_message);
  g_test_add_func ("/keyring/live-rotation", test_live_rotation);
  g_test_add_func ("/keyring/new-node-rate", test_new_node_rate);

  return g_test_run ();
}
