/* test-discovery.c: DiscDiscovery end to end on real loopback sockets
 *
 * Several instances in one process, each with its own socket on the same
 * port (SO_REUSEADDR), talking through the loopback broadcast address.
 * Nothing leaves the machine. Waits poll the main loop up to a generous
 * deadline, so a slow machine only makes them slower, never flaky.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test-util.h"

static DiscDiscovery *
make_node (guint port, double weight)
{
  DiscDiscovery *d = test_new_node (DISC_TYPE_DISCOVERY, port, 1000);

  g_object_set (d, "weight", weight, NULL);
  return d;
}

typedef struct
{
  DiscDiscovery **nodes;
  guint           n;
} Cluster;

static gboolean
all_see_all (gpointer data)
{
  Cluster *c = data;

  for (guint i = 0; i < c->n; i++)
    if (g_list_model_get_n_items (disc_discovery_get_nodes (c->nodes[i])) != c->n - 1)
      return FALSE;
  return TRUE;
}

static guint
count_masters (Cluster *c)
{
  guint masters = 0;

  for (guint i = 0; i < c->n; i++)
    if (disc_node_get_is_master (disc_discovery_get_me (c->nodes[i])))
      masters++;
  return masters;
}

static gboolean
exactly_one_master (gpointer data)
{
  return count_masters (data) == 1;
}

static void
test_discover_and_elect (void)
{
  DiscDiscovery *nodes[3];
  Cluster cluster = { nodes, 3 };
  guint port = test_free_udp_port ();

  g_test_summary ("Three nodes on loopback find each other and "
                  "elect the heaviest, with real addresses and ports");
  for (guint i = 0; i < 3; i++)
    {
      nodes[i] = make_node (port, 0.1 * (i + 1));
      test_start_or_fail (nodes[i]);
    }

  g_assert_true (test_wait_for (all_see_all, &cluster));
  g_assert_true (test_wait_for (exactly_one_master, &cluster));
  /* The highest weight wins. */
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[2])));

  /* And it stays so. */
  test_run_for_ms (1500);
  g_assert_cmpuint (count_masters (&cluster), ==, 1);
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[2])));

  /* Peers see the real source address and port, and the master flag. */
  {
    DiscNode *seen = disc_discovery_lookup_node (nodes[0], disc_node_get_id (disc_discovery_get_me (nodes[2])));

    g_assert_nonnull (seen);
    g_assert_cmpstr (disc_node_get_address (seen), ==, "127.0.0.1");
    g_assert_cmpuint (disc_node_get_port (seen), ==, port);
    g_assert_true (disc_node_get_is_master (seen));
    g_assert_cmpfloat (disc_node_get_weight (seen), ==, 0.1 * 3);  /* exact round trip */
  }

  for (guint i = 0; i < 3; i++)
    g_object_unref (nodes[i]);
}

typedef struct
{
  guint     count;
  char     *channel;
  JsonNode *data;
  char     *sender;
} MessageLog;

static void
on_message (DiscDiscovery *d, const char *channel, JsonNode *data, DiscNode *sender, MessageLog *log)
{
  log->count++;
  g_free (log->channel);
  log->channel = g_strdup (channel);
  g_clear_pointer (&log->data, json_node_unref);
  log->data = data ? json_node_copy (data) : NULL;
  g_free (log->sender);
  log->sender = sender ? g_strdup (disc_node_get_id (sender)) : NULL;
}

static gboolean
got_message (gpointer data)
{
  return ((MessageLog *) data)->count > 0;
}

static void
message_log_clear (MessageLog *log)
{
  g_free (log->channel);
  g_free (log->sender);
  g_clear_pointer (&log->data, json_node_unref);
}

static void
test_channels (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  g_autoptr(DiscDiscovery) b = make_node (port, 0.6);
  g_autoptr(DiscDiscovery) c = make_node (port, 0.7);
  DiscDiscovery *nodes[] = { a, b, c };
  Cluster cluster = { nodes, 3 };
  MessageLog on_b = { 0, }, on_c = { 0, };
  g_autoptr(JsonNode) data = json_from_string ("{\"redisMaster\":\"10.0.1.4\",\"list\":[1,2,{\"deep\":[true,null,\"é\"]}]}", NULL);
  g_autoptr(GError) error = NULL;

  g_test_summary ("A message reaches joined nodes only, until they "
                  "leave; reserved and bad channel names are refused");
  g_signal_connect (b, "message::config-updates", G_CALLBACK (on_message), &on_b);
  g_signal_connect (c, "message", G_CALLBACK (on_message), &on_c);
  g_assert_true (disc_discovery_join (b, "config-updates"));
  g_assert_true (disc_discovery_is_joined (b, "config-updates"));

  for (guint i = 0; i < 3; i++)
    test_start_or_fail (nodes[i]);
  g_assert_true (test_wait_for (all_see_all, &cluster));

  g_assert_true (disc_discovery_send (a, "config-updates", data, &error));
  g_assert_no_error (error);
  g_assert_true (test_wait_for (got_message, &on_b));
  g_assert_cmpstr (on_b.channel, ==, "config-updates");
  g_assert_true (json_node_equal (on_b.data, data));
  g_assert_cmpstr (on_b.sender, ==, disc_node_get_id (disc_discovery_get_me (a)));

  /* c did not join: it must never see it. */
  test_run_for_ms (300);
  g_assert_cmpuint (on_c.count, ==, 0);

  /* Leaving stops delivery. */
  g_assert_true (disc_discovery_leave (b, "config-updates"));
  g_assert_false (disc_discovery_leave (b, "config-updates"));
  on_b.count = 0;
  g_assert_true (disc_discovery_send (a, "config-updates", data, NULL));
  test_run_for_ms (300);
  g_assert_cmpuint (on_b.count, ==, 0);

  /* Reserved and hostile names are refused. */
  g_assert_false (disc_discovery_join (b, "hello"));
  g_assert_false (disc_discovery_join (b, "removed"));
  g_assert_false (disc_discovery_join (b, "goodbye"));
  g_assert_false (disc_discovery_join (b, ""));
  g_assert_false (disc_discovery_join (b, "bad\nname"));
  {
    g_autofree char *long_name = g_strnfill (129, 'x');

    g_assert_false (disc_discovery_join (b, long_name));
  }
  g_assert_false (disc_discovery_send (a, "master", data, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL);
  g_clear_error (&error);
  g_assert_false (disc_discovery_send (a, "", data, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL);
  g_clear_error (&error);

  message_log_clear (&on_b);
  message_log_clear (&on_c);
}

static void
test_large_message (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  g_autoptr(DiscDiscovery) b = make_node (port, 0.6);
  MessageLog log = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (20000, 'q');

  g_test_summary ("A 20 KB message is split and reassembled; one over 64 KiB is MESSAGE_TOO_LARGE");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "blob");
  json_builder_add_string_value (builder, big);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  g_signal_connect (b, "message::bulk", G_CALLBACK (on_message), &log);
  disc_discovery_join (b, "bulk");
  test_start_or_fail (a);
  test_start_or_fail (b);

  /* 20 KB is fourteen 1500-byte blocks, reassembled on arrival. */
  g_assert_true (disc_discovery_send (a, "bulk", data, &error));
  g_assert_no_error (error);
  g_assert_true (test_wait_for (got_message, &log));
  g_assert_true (json_node_equal (log.data, data));

  /* Over 64 KiB is refused with an error, not truncated. */
  {
    g_autofree char *huge = g_strnfill (70000, 'z');
    g_autoptr(JsonNode) too_big = json_node_new (JSON_NODE_VALUE);

    json_node_set_string (too_big, huge);
    g_assert_false (disc_discovery_send (a, "bulk", too_big, &error));
    g_assert_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE);
  }
  message_log_clear (&log);
}

static void
on_removed (DiscDiscovery *d, DiscNode *node, guint *count)
{
  (*count)++;
}

static gboolean
uint_is_nonzero (gpointer data)
{
  return *(guint *) data > 0;
}

typedef struct
{
  DiscDiscovery *d;
  const char    *peer_id;
  guint          hellos;        /* from peer_id */
  guint          last_seen_notifies;
  double         want_weight;
} HelloWatch;

static void
on_hello_count (DiscDiscovery *d, DiscNode *node, HelloWatch *w)
{
  if (g_strcmp0 (disc_node_get_id (node), w->peer_id) == 0)
    w->hellos++;
}

static void
on_last_seen (DiscNode *node, GParamSpec *pspec, HelloWatch *w)
{
  w->last_seen_notifies++;
}

static gboolean
ten_hellos (gpointer data)
{
  HelloWatch *w = data;

  return w->hellos >= 10 && w->last_seen_notifies >= 10;
}

static gboolean
weight_seen (gpointer data)
{
  HelloWatch *w = data;
  DiscNode *node = disc_discovery_lookup_node (w->d, w->peer_id);

  return node != NULL && disc_node_get_weight (node) == w->want_weight;
}

static void
test_unchanged_hellos (void)
{
  DiscDiscovery *nodes[2];
  Cluster cluster = { nodes, 2 };
  HelloWatch w = { 0 };
  DiscNode *peer;
  gint64 first_seen;
  guint port = test_free_udp_port ();

  g_test_summary ("Unchanged hellos, taken by the fast path, still emit hello and notify::last-seen, "
                  "and a changed hello is read in full");
  for (guint i = 0; i < 2; i++)
    {
      /* Both send from the same address and port: a source shared by two
       * instances, as with reuse-address on one host. */
      nodes[i] = make_node (port, 0.5);
      test_start_or_fail (nodes[i]);
    }
  g_assert_true (test_wait_for (all_see_all, &cluster));
  w.d = nodes[0];
  w.peer_id = disc_node_get_id (disc_discovery_get_me (nodes[1]));
  peer = disc_discovery_lookup_node (nodes[0], w.peer_id);
  g_assert_nonnull (peer);
  first_seen = disc_node_get_last_seen (peer);
  g_signal_connect (nodes[0], "hello", G_CALLBACK (on_hello_count), &w);
  g_signal_connect (peer, "notify::last-seen", G_CALLBACK (on_last_seen), &w);

  g_assert_true (test_wait_for (ten_hellos, &w));
  g_assert_cmpint (disc_node_get_last_seen (peer), >, first_seen);
  g_assert_cmpuint (disc_discovery_get_drop_total (nodes[0]), ==, 0);

  /* weight applies at once: the next hello differs */
  g_object_set (nodes[1], "weight", 0.75, NULL);
  w.want_weight = 0.75;
  g_assert_true (test_wait_for (weight_seen, &w));
  w.hellos = 0;
  w.last_seen_notifies = 0;
  g_assert_true (test_wait_for (ten_hellos, &w));
  g_assert_cmpfloat (disc_node_get_weight (disc_discovery_lookup_node (nodes[0], w.peer_id)), ==, 0.75);

  g_signal_handlers_disconnect_by_data (peer, &w);
  g_object_unref (nodes[0]);
  g_object_unref (nodes[1]);
}

static void
on_hello_nested_loop (DiscDiscovery *d, DiscNode *node, guint *nested)
{
  /* A handler that runs the main loop: the receive source recurses. */
  if (*nested < 20)
    {
      (*nested)++;
      for (guint i = 0; i < 5; i++)
        g_main_context_iteration (NULL, FALSE);
    }
}

static gboolean
twenty_nested (gpointer data)
{
  return *(guint *) data >= 20;
}

static void
test_nested_main_loop (void)
{
  DiscDiscovery *nodes[3];
  Cluster cluster = { nodes, 3 };
  guint nested = 0;
  guint port = test_free_udp_port ();

  g_test_summary ("A signal handler may iterate the main loop while a batch of datagrams is read");
  for (guint i = 0; i < 3; i++)
    {
      nodes[i] = make_node (port, 0.5);
      test_start_or_fail (nodes[i]);
    }
  g_signal_connect (nodes[0], "hello", G_CALLBACK (on_hello_nested_loop), &nested);
  g_assert_true (test_wait_for (all_see_all, &cluster));
  g_assert_true (test_wait_for (twenty_nested, &nested));
  g_assert_true (test_wait_for (all_see_all, &cluster));
  g_assert_cmpuint (disc_discovery_get_drop_total (nodes[0]), ==, 0);
  for (guint i = 0; i < 3; i++)
    g_object_unref (nodes[i]);
}

static void
test_goodbye (void)
{
  DiscDiscovery *nodes[2];
  Cluster cluster = { nodes, 2 };
  guint port = test_free_udp_port ();
  guint removed = 0;
  gint64 stopped_at;

  g_test_summary ("A stopped node's goodbye removes it from its peers long before node-timeout");
  for (guint i = 0; i < 2; i++)
    {
      nodes[i] = make_node (port, 0.5);
      /* A long timeout: only the goodbye can remove the node quickly. */
      g_object_set (nodes[i], "node-timeout", 8000, "master-timeout", 8000, NULL);
      test_start_or_fail (nodes[i]);
    }
  g_assert_true (test_wait_for (all_see_all, &cluster));
  g_signal_connect (nodes[0], "removed", G_CALLBACK (on_removed), &removed);

  stopped_at = g_get_monotonic_time ();
  disc_discovery_stop (nodes[1]);
  g_assert_false (disc_discovery_is_running (nodes[1]));
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (nodes[1])), ==, 0);
  g_assert_true (test_wait_for (uint_is_nonzero, &removed));
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 8000 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (nodes[0])), ==, 0);

  /* It can start again and be found again. */
  test_start_or_fail (nodes[1]);
  g_assert_true (test_wait_for (all_see_all, &cluster));

  g_object_unref (nodes[0]);
  g_object_unref (nodes[1]);
}

static gboolean
node_has_info (gpointer data)
{
  DiscDiscovery **pair = data;
  DiscNode *seen = disc_discovery_lookup_node (pair[0], disc_node_get_id (disc_discovery_get_me (pair[1])));

  return seen != NULL && disc_node_get_info (seen) != NULL;
}

static void
test_advertise (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  g_autoptr(DiscDiscovery) b = make_node (port, 0.6);
  DiscDiscovery *pair[] = { a, b };
  g_autoptr(JsonNode) info = json_from_string ("{\"localServices\":[{\"type\":\"http\",\"port\":\"9911\"}]}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("Advertised info reaches the peers in the hello");
  g_assert_true (disc_discovery_advertise (b, info, &error));
  g_assert_no_error (error);
  test_start_or_fail (a);
  test_start_or_fail (b);
  g_assert_true (test_wait_for (node_has_info, pair));
  text = disc_node_dup_info_json (disc_discovery_lookup_node (a, disc_node_get_id (disc_discovery_get_me (b))));
  g_assert_cmpstr (text, ==, "{\"localServices\":[{\"type\":\"http\",\"port\":\"9911\"}]}");
}

static void
on_error (DiscDiscovery *d, GError *error, guint *count)
{
  g_assert_error (error, DISC_ERROR, DISC_ERROR_BAD_PACKET);
  (*count)++;
}

static gboolean
drops_at_least_three (gpointer data)
{
  return disc_discovery_get_drop_total (data) >= 3;
}

static void
test_bad_packets_counted (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  const char garbage[] = "\x01\x02\x03 not a packet";
  const char not_json[] = "{this is not json";
  guint8 truncated[40] = "WRAP";
  guint errors = 0;

  g_test_summary ("Garbage, non-JSON and truncated datagrams are counted "
                  "drops and error signals; the node keeps running");
  g_object_set (a, "ignore-data-errors", FALSE, NULL);
  g_signal_connect (a, "error", G_CALLBACK (on_error), &errors);
  test_start_or_fail (a);

  test_send_datagram (port, garbage, sizeof garbage);
  test_send_datagram (port, not_json, strlen (not_json));
  test_send_datagram (port, truncated, sizeof truncated);

  g_assert_true (test_wait_for (drops_at_least_three, a));
  g_assert_cmpuint (disc_discovery_get_drop_count (a, DISC_DROP_JSON), >=, 2);
  g_assert_cmpuint (disc_discovery_get_drop_count (a, DISC_DROP_MALFORMED_FRAME), >=, 1);
  g_assert_cmpuint (errors, >=, 3);
  g_assert_true (disc_discovery_is_running (a));
}

/* A relay (doc/protocol.md, section 6b) of a hello from @iid, claiming
 * to come from @source:@source_port, arrived for 127.0.0.1. */
static void
send_relay (guint       port,
            const char *source,
            guint16     source_port,
            const char *iid)
{
  g_autofree char *hello =
    g_strdup_printf ("{\"event\":\"hello\",\"pid\":\"relay-test\",\"iid\":\"%s\","
                     "\"hostName\":\"%s\",\"data\":{\"isMaster\":false,"
                     "\"isMasterEligible\":false,\"weight\":0.5,\"address\":\"%s\"}}",
                     iid, iid, source);
  gsize len = 28 + strlen (hello);
  g_autofree guint8 *relay = g_malloc0 (len);
  g_autoptr(GInetAddress) from = g_inet_address_new_from_string (source);
  g_autoptr(GInetAddress) to = g_inet_address_new_from_string ("127.0.0.1");

  memcpy (relay, "\xfe" "DRL", 4);
  relay[4] = 1;                                   /* version */
  memset (relay + 6, 0x5a, 8);                    /* a token no socket has */
  memcpy (relay + 14, g_inet_address_to_bytes (from), 4);
  relay[18] = source_port >> 8;
  relay[19] = source_port & 0xff;
  memcpy (relay + 20, g_inet_address_to_bytes (to), 4);
  relay[27] = 1;                                  /* interface index */
  memcpy (relay + 28, hello, strlen (hello));
  test_send_datagram (port, relay, len);
}

static gboolean
has_one_node (gpointer data)
{
  return g_list_model_get_n_items (disc_discovery_get_nodes (data)) >= 1;
}

static void
test_relay_from_no_host (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  g_autoptr(DiscNode) relayed = NULL;

  g_test_bug ("breaker2-relay-source");
  g_test_summary ("A relay whose original source is no host (0.0.0.0, the "
                  "broadcast address, a group, port 0) is a counted drop, never a node");
  test_start_or_fail (a);

  send_relay (port, "0.0.0.0", 4000, "from-any");
  send_relay (port, "255.255.255.255", 4000, "from-broadcast");
  send_relay (port, "224.0.0.1", 4000, "from-group");
  send_relay (port, "10.213.0.7", 0, "from-port-0");
  /* Then a well-formed one: once it is heard, so were the others. */
  send_relay (port, "10.213.0.7", 4000, "from-host");

  g_assert_true (test_wait_for (has_one_node, a));
  relayed = g_list_model_get_item (disc_discovery_get_nodes (a), 0);
  g_assert_cmpstr (disc_node_get_id (relayed), ==, "from-host");
  g_assert_cmpstr (disc_node_get_address (relayed), ==, "10.213.0.7");
  g_assert_cmpuint (disc_discovery_get_drop_count (a, DISC_DROP_MALFORMED_FRAME), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (a)), ==, 1);
}

typedef struct
{
  DiscDiscovery *discovery;
  const char    *property;   /* the notification that stops it */
  guint          stops;
} StopOnNotify;

static void
stop_on_notify (DiscNode *node, GParamSpec *pspec, StopOnNotify *stop)
{
  if (strcmp (pspec->name, stop->property) != 0 || !disc_discovery_is_running (stop->discovery))
    return;
  stop->stops++;
  disc_discovery_stop (stop->discovery);
}

static void
test_stop_from_notify_of_me (void)
{
  static const char * const properties[] = { "address", "last-seen", "is-master" };

  g_test_bug ("breaker2-stop-in-notify");
  g_test_summary ("A handler of the own node's notify (address and last-seen "
                  "during start(), is-master on promotion) may stop the discovery: "
                  "it stays stopped, with no timer left running");
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      guint port = test_free_udp_port ();
      g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
      StopOnNotify stop = { a, properties[i], 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("stop on notify::%s", properties[i]);
      g_signal_connect (disc_discovery_get_me (a), "notify", G_CALLBACK (stop_on_notify), &stop);
      g_assert_true (disc_discovery_start (a, &error));
      g_assert_no_error (error);
      /* Past several hello and check intervals, and a promotion. */
      test_run_for_ms (1500);
      g_assert_cmpuint (stop.stops, ==, 1);
      g_assert_false (disc_discovery_is_running (a));
      g_signal_handlers_disconnect_by_data (disc_discovery_get_me (a), &stop);
    }
}

typedef struct
{
  DiscDiscovery *discovery;
  guint          restarts;
} Restarter;

/* Restarts the discovery when a peer leaves, from the notify of the
 * peer's leave-reason: the removal of that peer is then under way. */
static void
restart_on_leave (DiscNode *node, GParamSpec *pspec, Restarter *restarter)
{
  g_autoptr(GError) error = NULL;

  if (strcmp (pspec->name, "leave-reason") != 0 ||
      !disc_discovery_is_running (restarter->discovery))
    return;
  restarter->restarts++;
  disc_discovery_stop (restarter->discovery);
  g_assert_true (disc_discovery_start (restarter->discovery, &error));
  g_assert_no_error (error);
}

static void
connect_restarter (DiscDiscovery *d, DiscNode *node, Restarter *restarter)
{
  g_signal_connect (node, "notify", G_CALLBACK (restart_on_leave), restarter);
}

static gboolean
restarted (gpointer data)
{
  return ((Restarter *) data)->restarts > 0;
}

static gboolean
sees_one (gpointer data)
{
  return g_list_model_get_n_items (disc_discovery_get_nodes (data)) == 1;
}

static void
test_restart_from_notify_of_peer (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.2);
  g_autoptr(DiscDiscovery) b = make_node (port, 0.8);
  Restarter restarter = { a, 0 };

  g_test_bug ("breaker2-stop-in-notify");
  g_test_summary ("A handler of a leaving peer's notify may stop and start the "
                  "discovery while the peer is being removed: it is removed once, "
                  "and the table stays whole");
  g_signal_connect (a, "added", G_CALLBACK (connect_restarter), &restarter);
  test_start_or_fail (a);
  test_start_or_fail (b);
  g_assert_true (test_wait_for (sees_one, a));

  /* b's goodbye removes it from a, whose handler restarts a meanwhile. */
  disc_discovery_stop (b);
  g_assert_true (test_wait_for (restarted, &restarter));
  g_assert_cmpuint (restarter.restarts, ==, 1);
  g_assert_true (disc_discovery_is_running (a));
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (a)), ==, 0);

  /* b is found again, and a stops cleanly. */
  g_signal_handlers_disconnect_by_data (a, &restarter);
  test_start_or_fail (b);
  g_assert_true (test_wait_for (sees_one, a));
  disc_discovery_stop (a);
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (a)), ==, 0);
}

typedef struct
{
  DiscDiscovery *discovery;
  guint          stops;
  guint          hellos_stopped;   /* hello signals while not running */
} WeightStopper;

static void
stop_on_weight (DiscNode *node, GParamSpec *pspec, WeightStopper *stopper)
{
  if (strcmp (pspec->name, "weight") != 0 || !disc_discovery_is_running (stopper->discovery))
    return;
  stopper->stops++;
  disc_discovery_stop (stopper->discovery);
}

static void
connect_weight_stopper (DiscDiscovery *d, DiscNode *node, WeightStopper *stopper)
{
  g_signal_connect (node, "notify", G_CALLBACK (stop_on_weight), stopper);
}

static void
count_hello_stopped (DiscDiscovery *d, DiscNode *node, WeightStopper *stopper)
{
  if (!disc_discovery_is_running (d))
    stopper->hellos_stopped++;
}

static gboolean
weight_stopped (gpointer data)
{
  return ((WeightStopper *) data)->stops > 0;
}

static void
test_stop_from_notify_of_hello (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.2);
  g_autoptr(DiscDiscovery) b = make_node (port, 0.8);
  WeightStopper stopper = { a, 0, 0 };

  g_test_bug ("breaker2-stop-in-notify");
  g_test_summary ("A handler of a peer's notify, raised by a hello that changes "
                  "the peer, may stop the discovery: that hello then ends there");
  g_signal_connect (a, "added", G_CALLBACK (connect_weight_stopper), &stopper);
  g_signal_connect (a, "hello", G_CALLBACK (count_hello_stopped), &stopper);
  test_start_or_fail (a);
  test_start_or_fail (b);
  g_assert_true (test_wait_for (sees_one, a));

  g_object_set (b, "weight", 0.9, NULL);
  disc_discovery_hello (b);
  g_assert_true (test_wait_for (weight_stopped, &stopper));
  g_assert_false (disc_discovery_is_running (a));
  g_assert_cmpuint (stopper.hellos_stopped, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (disc_discovery_get_nodes (a)), ==, 0);
  g_signal_handlers_disconnect_by_data (a, &stopper);
}

static gboolean
partial_expired (gpointer data)
{
  return disc_discovery_get_drop_count (data, DISC_DROP_REASSEMBLY_TIMEOUT) >= 1;
}

/* The first block of a message whose rest never comes: dropped after the
 * 5 s reassembly timeout, counted, and reported like any other drop. */
static void
test_partial_message_times_out (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = make_node (port, 0.5);
  guint8 block[36 + 100] = "WRAP0123456789abcdef";
  guint errors = 0;

  g_test_summary ("A first block whose rest never comes is dropped "
                  "after the reassembly timeout and reported");
  g_test_bug ("commit/8ba290c");
  /* crc 0, total 3000, block length 136, offset 0 */
  memset (block + 20, 0, 4);
  block[24] = 0; block[25] = 0; block[26] = 3000 >> 8; block[27] = 3000 & 0xff;
  block[28] = 0; block[29] = 0; block[30] = 0; block[31] = sizeof block;
  memset (block + 32, 0, 4);
  memset (block + 36, 'x', 100);

  g_object_set (a, "ignore-data-errors", FALSE, NULL);
  g_signal_connect (a, "error", G_CALLBACK (on_error), &errors);
  test_start_or_fail (a);
  test_send_datagram (port, block, sizeof block);
  g_assert_true (test_wait_for (partial_expired, a));
  g_assert_cmpuint (errors, >=, 1);
}

/* Nobody hears a listen-only node, so it must never make itself master. */
static void
test_listen_only_never_master (void)
{
  g_autoptr(DiscDiscovery) a = make_node (test_free_udp_port (), 0.99);

  g_test_summary ("A listen-only node sends nothing and never makes itself master");
  g_test_bug ("commit/8ba290c");
  g_object_set (a, "listen-only", TRUE, NULL);
  test_start_or_fail (a);
  test_run_for_ms (2500);  /* more than master-timeout plus a check */
  g_assert_false (disc_node_get_is_master (disc_discovery_get_me (a)));
  g_assert_cmpuint (disc_discovery_get_sent_count (a), ==, 0);
}

static void
test_promote_demote (void)
{
  DiscDiscovery *nodes[2];
  Cluster cluster = { nodes, 2 };
  guint port = test_free_udp_port ();

  g_test_summary ("promote() sticks; demote(FALSE) hands back; demote(TRUE) makes a node ineligible");
  nodes[0] = make_node (port, 0.9);
  nodes[1] = make_node (port, 0.1);
  for (guint i = 0; i < 2; i++)
    test_start_or_fail (nodes[i]);
  g_assert_true (test_wait_for (all_see_all, &cluster));
  g_assert_true (test_wait_for (exactly_one_master, &cluster));
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[0])));

  /* A manual promotion sticks: the old master steps down. */
  disc_discovery_promote (nodes[1]);
  g_assert_true (test_wait_for (exactly_one_master, &cluster));
  test_run_for_ms (1500);
  g_assert_cmpuint (count_masters (&cluster), ==, 1);
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[1])));

  /* demote(FALSE) hands mastership back to the other eligible node. */
  disc_discovery_demote (nodes[1], FALSE);
  g_assert_true (test_wait_for (exactly_one_master, &cluster));
  test_run_for_ms (1500);
  g_assert_cmpuint (count_masters (&cluster), ==, 1);
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[0])));

  /* demote(TRUE) makes a node ineligible; the other takes over. */
  disc_discovery_demote (nodes[0], TRUE);
  g_assert_false (disc_node_get_is_master_eligible (disc_discovery_get_me (nodes[0])));
  g_assert_true (test_wait_for (exactly_one_master, &cluster));
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (nodes[1])));

  g_object_unref (nodes[0]);
  g_object_unref (nodes[1]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");

  g_test_add_func ("/discovery/discover-and-elect", test_discover_and_elect);
  g_test_add_func ("/discovery/channels", test_channels);
  g_test_add_func ("/discovery/large-message", test_large_message);
  g_test_add_func ("/discovery/goodbye", test_goodbye);
  g_test_add_func ("/discovery/unchanged-hellos", test_unchanged_hellos);
  g_test_add_func ("/discovery/nested-main-loop", test_nested_main_loop);
  g_test_add_func ("/discovery/advertise", test_advertise);
  g_test_add_func ("/discovery/bad-packets-counted", test_bad_packets_counted);
  g_test_add_func ("/discovery/partial-message-times-out", test_partial_message_times_out);
  g_test_add_func ("/discovery/relay-from-no-host", test_relay_from_no_host);
  g_test_add_func ("/discovery/stop-from-notify-of-me", test_stop_from_notify_of_me);
  g_test_add_func ("/discovery/restart-from-notify-of-peer", test_restart_from_notify_of_peer);
  g_test_add_func ("/discovery/stop-from-notify-of-hello", test_stop_from_notify_of_hello);
  g_test_add_func ("/discovery/listen-only-never-master", test_listen_only_never_master);
  g_test_add_func ("/discovery/promote-demote", test_promote_demote);

  return g_test_run ();
}
