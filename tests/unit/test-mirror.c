/* test-mirror.c: the etcd key layout and the coalesced, change-only
 * writes of a bridge, on a fake clock (no etcd, no sockets)
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "disc-error.h"
#include "disc-mirror.h"
#include "disc-node-private.h"
#include "test-util.h"

#define COALESCE 5
#define MAX_OPS 128

static DiscNode *
make_node (const char *id,
           const char *host)
{
  DiscNode *node = _disc_node_new (id, "pid-1");

  _disc_node_set_host_name (node, host);
  _disc_node_set_address (node, "10.0.0.1");
  _disc_node_set_port (node, 12345);
  _disc_node_set_weight (node, 0.5);
  return node;
}

/* Sends every due batch at @now and applies it, as etcd would: returns
 * how many operations were written, and checks each batch's limits. */
static guint
flush_all (DiscMirror *mirror,
           gint64      now)
{
  guint total = 0;
  GPtrArray *batch;

  while (disc_mirror_get_due (mirror) >= 0 && disc_mirror_get_due (mirror) <= now &&
         (batch = disc_mirror_take_batch (mirror, MAX_OPS)) != NULL)
    {
      g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpuint (batch->len, <=, MAX_OPS);
      for (guint i = 0; i < batch->len; i++)
        {
          DiscMirrorOp *op = g_ptr_array_index (batch, i);

          /* etcd refuses a txn that names one key twice (put + delete). */
          g_assert_true (g_hash_table_add (keys, op->key));
        }
      total += batch->len;
      disc_mirror_batch_done (mirror, batch, TRUE, now);
      g_ptr_array_unref (batch);
    }
  return total;
}

static void
test_escape_hostile_ids (void)
{
  const char *ids[] = { "../../master", "a/b", "", ".", "..", "%41", "x\n", "bridges/x",
                        "é", "plain-id_1" };
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("prod", "lan/a", COALESCE);

  g_test_summary ("An id from the network is one escaped segment under nodes/, and reads back");
  g_assert_cmpstr (disc_mirror_get_prefix (mirror), ==, "/disc/prod/lan%2Fa/");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *key = disc_mirror_key (mirror, "nodes", ids[i]);
      g_autofree char *lan = NULL;
      g_autofree char *id = NULL;
      const char *segment = key + strlen ("/disc/prod/lan%2Fa/nodes/");

      g_assert_true (g_str_has_prefix (key, "/disc/prod/lan%2Fa/nodes/"));
      g_assert_null (strchr (segment, '/'));
      g_assert_cmpstr (segment, !=, ".");
      g_assert_cmpstr (segment, !=, "..");
      g_assert_cmpint (disc_mirror_parse_key ("prod", key, &lan, &id), ==, DISC_MIRROR_KEY_NODE);
      g_assert_cmpstr (lan, ==, "lan/a");
      g_assert_cmpstr (id, ==, ids[i]);
    }

  /* Non-canonical escapes are not ours: a reader does not take them. */
  g_assert_null (disc_mirror_unescape ("%41"));
  g_assert_null (disc_mirror_unescape ("a/b"));
  g_assert_null (disc_mirror_unescape ("%4"));
  g_assert_null (disc_mirror_unescape ("%00"));
  g_assert_cmpint (disc_mirror_parse_key ("prod", "/disc/prod/a/nodes/x/y", NULL, NULL), ==,
                   DISC_MIRROR_KEY_OTHER);
  g_assert_cmpint (disc_mirror_parse_key ("prod", "/disc/other/a/nodes/x", NULL, NULL), ==,
                   DISC_MIRROR_KEY_OTHER);
  g_assert_cmpint (disc_mirror_parse_key ("prod", "/disc/prod/a/masters/x", NULL, NULL), ==,
                   DISC_MIRROR_KEY_MASTER);
  g_assert_cmpint (disc_mirror_parse_key ("prod", "/disc/prod/a/bridges/x", NULL, NULL), ==,
                   DISC_MIRROR_KEY_BRIDGE);
}

static void
test_value_without_last_seen (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("n1", "h1");
  g_autofree char *value = NULL;

  g_test_summary ("The node's value leaves out lastSeen, and hellos that change nothing write nothing");
  _disc_node_set_last_seen (node, 1000);
  value = disc_mirror_node_value (node);
  g_assert_null (strstr (value, "lastSeen"));
  g_assert_nonnull (strstr (value, "\"hostName\":\"h1\""));

  disc_mirror_set_node (mirror, node, 0);
  g_assert_cmpuint (flush_all (mirror, 100), ==, 1);

  /* A thousand hellos later, only lastSeen moved: nothing is due. */
  for (gint64 t = 1; t <= 1000; t++)
    {
      _disc_node_set_last_seen (node, 1000 + t * 1000);
      disc_mirror_set_node (mirror, node, 100 + t);
    }
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, -1);
  g_assert_null (disc_mirror_take_batch (mirror, MAX_OPS));

  /* An info change is written. */
  _disc_node_set_host_name (node, "h1-renamed");
  disc_mirror_set_node (mirror, node, 2000);
  g_assert_cmpuint (flush_all (mirror, 2000 + COALESCE), ==, 1);
  g_assert_cmpuint (disc_mirror_get_ops_written (mirror), ==, 2);
}

static void
test_coalescing (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(GPtrArray) batch = NULL;

  g_test_summary ("Changes within the window go in one batch, due window ms after the first");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      g_autoptr(DiscNode) node = make_node (id, "h");

      disc_mirror_set_node (mirror, node, i);
    }
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, COALESCE);
  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->len, ==, 3);
  /* One batch on its way at a time. */
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, -1);
  g_assert_null (disc_mirror_take_batch (mirror, MAX_OPS));
  disc_mirror_batch_done (mirror, batch, TRUE, COALESCE + 2);
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, -1);
}

static void
test_batches_of_128 (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  guint sizes[8] = { 0 };
  guint n = 0;
  GPtrArray *batch;

  g_test_summary ("1,000 joins at once go as transactions of at most 128 operations");
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("node-%04u", i);
      g_autoptr(DiscNode) node = make_node (id, "h");

      disc_mirror_set_node (mirror, node, 0);
    }
  g_assert_cmpuint (disc_mirror_get_n_nodes (mirror), ==, 1000);
  while ((batch = disc_mirror_take_batch (mirror, MAX_OPS)) != NULL)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (sizes));
      sizes[n++] = batch->len;
      disc_mirror_batch_done (mirror, batch, TRUE, 10);
      g_ptr_array_unref (batch);
    }
  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpuint (sizes[i], ==, 128);
  g_assert_cmpuint (sizes[7], ==, 1000 - 7 * 128);
}

static void
test_join_and_leave_before_flush (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("n1", "h");
  g_autoptr(DiscNode) other = make_node ("n2", "h");

  g_test_summary ("A key changed twice before a flush is written once, never put and deleted in one txn");
  disc_mirror_set_node (mirror, node, 0);
  disc_mirror_remove_node (mirror, "n1", 1);
  g_assert_cmpuint (flush_all (mirror, 100), ==, 0);

  disc_mirror_set_node (mirror, other, 200);
  g_assert_cmpuint (flush_all (mirror, 300), ==, 1);
  disc_mirror_remove_node (mirror, "n2", 400);
  _disc_node_set_host_name (other, "back");
  disc_mirror_set_node (mirror, other, 401);
  g_assert_cmpuint (flush_all (mirror, 500), ==, 1);
}

static void
test_master_keys (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("m1", "h");
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *master_key = disc_mirror_key (mirror, "masters", "m1");
  gboolean saw_master = FALSE;

  g_test_summary ("A master has a masters/<id> key, gone when it is demoted or leaves");
  disc_mirror_set_node (mirror, node, 0);
  g_assert_cmpuint (flush_all (mirror, 10), ==, 1);

  _disc_node_set_is_master (node, TRUE);
  disc_mirror_set_node (mirror, node, 20);
  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->len, ==, 2);   /* the node's value changed too */
  for (guint i = 0; i < batch->len; i++)
    {
      DiscMirrorOp *op = g_ptr_array_index (batch, i);

      if (strcmp (op->key, master_key) == 0)
        {
          saw_master = TRUE;
          g_assert_cmpstr (op->value, ==, "\"m1\"");
        }
    }
  g_assert_true (saw_master);
  disc_mirror_batch_done (mirror, batch, TRUE, 30);

  disc_mirror_remove_node (mirror, "m1", 40);
  g_assert_cmpuint (flush_all (mirror, 50), ==, 2);
  g_assert_cmpuint (disc_mirror_get_n_nodes (mirror), ==, 0);
}

static void
test_failure_backs_off (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("n1", "h");
  GPtrArray *batch;
  gint64 due;

  g_test_summary ("A failed batch is sent again after a backoff that grows");
  disc_mirror_set_node (mirror, node, 0);
  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  disc_mirror_batch_done (mirror, batch, FALSE, 10);
  g_ptr_array_unref (batch);
  due = disc_mirror_get_due (mirror);
  g_assert_cmpint (due, >=, 10 + 250);

  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  g_assert_cmpuint (batch->len, ==, 1);
  disc_mirror_batch_done (mirror, batch, FALSE, due);
  g_ptr_array_unref (batch);
  g_assert_cmpint (disc_mirror_get_due (mirror), >=, due + 500);

  g_assert_cmpuint (flush_all (mirror, G_MAXINT64 / 2), ==, 1);
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, -1);
}

static void
test_change_while_in_flight (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("n1", "before");
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) second = NULL;
  DiscMirrorOp *op;

  g_test_summary ("A change made while a batch is on its way is written after it");
  disc_mirror_set_node (mirror, node, 0);
  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  _disc_node_set_host_name (node, "after");
  disc_mirror_set_node (mirror, node, 1);
  disc_mirror_batch_done (mirror, batch, TRUE, 2);
  second = disc_mirror_take_batch (mirror, MAX_OPS);
  g_assert_nonnull (second);
  g_assert_cmpuint (second->len, ==, 1);
  op = g_ptr_array_index (second, 0);
  g_assert_nonnull (strstr (op->value, "after"));
}

static void
test_resync (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) kept = make_node ("kept", "h");
  g_autoptr(DiscNode) missing = make_node ("missing", "h");
  g_autofree char *kept_key = disc_mirror_key (mirror, "nodes", "kept");
  g_autofree char *kept_value = disc_mirror_node_value (kept);
  g_autofree char *stale_key = disc_mirror_key (mirror, "nodes", "stale");
  g_autofree char *bridge_key = disc_mirror_key (mirror, "bridges", "b1");
  g_autofree char *missing_key = disc_mirror_key (mirror, "nodes", "missing");
  g_autoptr(GPtrArray) batch = NULL;
  gboolean put_missing = FALSE, deleted_stale = FALSE;

  g_test_summary ("A resync from one range writes only the difference, at once");
  disc_mirror_set_node (mirror, kept, 0);
  disc_mirror_set_node (mirror, missing, 0);

  disc_mirror_begin_resync (mirror);
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, -1);
  disc_mirror_remote_put (mirror, kept_key, kept_value);
  disc_mirror_remote_put (mirror, stale_key, "{}");
  disc_mirror_remote_put (mirror, bridge_key, "{}");
  disc_mirror_remote_put (mirror, "/disc/c/other-lan/nodes/x", "{}");
  disc_mirror_end_resync (mirror, 1000);
  g_assert_cmpint (disc_mirror_get_due (mirror), ==, 1000);

  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  g_assert_cmpuint (batch->len, ==, 2);
  for (guint i = 0; i < batch->len; i++)
    {
      DiscMirrorOp *op = g_ptr_array_index (batch, i);

      if (strcmp (op->key, missing_key) == 0 && op->value != NULL)
        put_missing = TRUE;
      if (strcmp (op->key, stale_key) == 0 && op->value == NULL)
        deleted_stale = TRUE;
    }
  g_assert_true (put_missing);
  g_assert_true (deleted_stale);
}

static void
test_resync_voids_batch_in_flight (void)
{
  g_autoptr(DiscMirror) mirror = disc_mirror_new ("c", "l", COALESCE);
  g_autoptr(DiscNode) node = make_node ("n1", "h");
  g_autoptr(GPtrArray) batch = NULL;

  g_test_summary ("A batch sent before a resync does not count as written after it");
  disc_mirror_set_node (mirror, node, 0);
  batch = disc_mirror_take_batch (mirror, MAX_OPS);
  disc_mirror_begin_resync (mirror);
  disc_mirror_end_resync (mirror, 10);   /* etcd was empty */
  disc_mirror_batch_done (mirror, batch, TRUE, 11);
  g_assert_cmpuint (flush_all (mirror, 20), ==, 1);
}

/* Reads @text as a value from etcd. */
static JsonNode *
parse_text (const char  *text,
            gsize        len,
            GError     **error)
{
  g_autoptr(GBytes) value = g_bytes_new (text, len);

  return disc_mirror_parse_value (value, error);
}

#define NODE_VALUE "{\"id\":\"n1\",\"isMaster\":true,\"info\":[[[1]]]}"

static void
test_parse_hostile_values (void)
{
  g_autofree char *deep = g_strnfill (1000000, '[');
  g_autofree char *nested = NULL;
  g_autofree char *large = NULL;
  g_autoptr(GString) node = g_string_new ("{\"id\":\"n\",\"info\":\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;
  JsonNode *refused;

  g_test_summary ("Values read from etcd are parsed within a datagram's limits: a million "
                  "levels of nesting, 64 KiB or more, and text that is not JSON are refused "
                  "without crashing; a node's value is read");
  g_test_bug ("issues/17");

  refused = parse_text (deep, strlen (deep), &error);
  g_assert_null (refused);
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Depth 65 is one more than any datagram may carry. */
  nested = g_strconcat ("{\"a\":", deep + 1000000 - 64, NULL);
  refused = parse_text (nested, strlen (nested), &error);
  g_assert_null (refused);
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_string_append_len (node, deep, 64 * 1024);   /* '[' inside a string is text */
  g_string_append (node, "\"}");
  large = g_string_free (g_steal_pointer (&node), FALSE);
  refused = parse_text (large, strlen (large), &error);
  g_assert_null (refused);
  g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
  g_clear_error (&error);

  for (guint i = 0; i < 3; i++)
    {
      const char *bad[] = { "not json", "{\"a\":1} {}", "{'a':1}" };

      refused = parse_text (bad[i], strlen (bad[i]), &error);
      g_assert_null (refused);
      g_assert_error (error, DISC_ERROR, DISC_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
  refused = parse_text ("", 0, NULL);
  g_assert_null (refused);

  ok = parse_text (NODE_VALUE, strlen (NODE_VALUE), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (ok));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ok), "id"), ==, "n1");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base (TEST_BUG_BASE);

  g_test_add_func ("/mirror/escape-hostile-ids", test_escape_hostile_ids);
  g_test_add_func ("/mirror/value-without-last-seen", test_value_without_last_seen);
  g_test_add_func ("/mirror/coalescing", test_coalescing);
  g_test_add_func ("/mirror/batches-of-128", test_batches_of_128);
  g_test_add_func ("/mirror/join-and-leave-before-flush", test_join_and_leave_before_flush);
  g_test_add_func ("/mirror/master-keys", test_master_keys);
  g_test_add_func ("/mirror/failure-backs-off", test_failure_backs_off);
  g_test_add_func ("/mirror/change-while-in-flight", test_change_while_in_flight);
  g_test_add_func ("/mirror/resync", test_resync);
  g_test_add_func ("/mirror/resync-voids-batch-in-flight", test_resync_voids_batch_in_flight);
  g_test_add_func ("/mirror/parse-hostile-values", test_parse_hostile_values);

  return g_test_run ();
}
