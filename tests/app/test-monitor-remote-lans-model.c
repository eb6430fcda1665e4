/* test-remote-lans-model.c: the monitor's model of every LAN's nodes,
 * fed by a fake etcd gateway (SoupServer on 127.0.0.1)
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <libsoup/soup.h>

#include "disc-monitor-remote-lans-model.h"
#include "test-util.h"

typedef struct {
  SoupServer *server;
  char       *base;
  guint       n_watch;
} Fake;

static char *
kv_json (const char *key,
         const char *value,
         gint64      revision)
{
  g_autofree char *key64 = g_base64_encode ((const guchar *) key, strlen (key));
  g_autofree char *value64 = g_base64_encode ((const guchar *) value, strlen (value));

  return g_strdup_printf ("{\"key\":\"%s\",\"value\":\"%s\",\"create_revision\":\"%" G_GINT64_FORMAT
                          "\",\"mod_revision\":\"%" G_GINT64_FORMAT "\"}",
                          key64, value64, revision, revision);
}

#define NODE(id, host, master) \
  "{\"id\":\"" id "\",\"hostName\":\"" host "\",\"address\":\"10.0.0.1\",\"port\":12345," \
  "\"isMaster\":" master ",\"isMasterEligible\":true,\"weight\":0.5,\"info\":{\"name\":\"web\"}}"

static void
on_range (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  g_autofree char *a1 = kv_json ("/disc/c/office/nodes/a1", NODE ("a1", "web-1", "false"), 2);
  g_autofree char *a2 = kv_json ("/disc/c/office/nodes/a2", NODE ("a2", "web-2", "false"), 3);
  g_autofree char *b1 = kv_json ("/disc/c/lab%2F2/nodes/b1", NODE ("b1", "db-1", "true"), 4);
  g_autofree char *bridge = kv_json ("/disc/c/office/bridges/x", "{}", 5);
  g_autofree char *bad = kv_json ("/disc/c/office/nodes/bad", "not json", 6);
  /* Nesting deep enough to overflow json-glib's recursive parser: anyone
   * who can write to etcd chooses the values. */
  g_autofree char *brackets = g_strnfill (1000000, '[');
  g_autofree char *deep = kv_json ("/disc/c/office/nodes/deep", brackets, 7);
  g_autofree char *body = g_strdup_printf ("{\"header\":{\"revision\":\"10\"},\"kvs\":[%s,%s,%s,%s,%s,%s]}",
                                           a1, a2, b1, bridge, bad, deep);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* One put (a1 becomes master) and one delete (a2), then the stream stays
 * open. */
static void
on_watch (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fake *fake = user_data;
  g_autofree char *a1 = kv_json ("/disc/c/office/nodes/a1", NODE ("a1", "web-1", "true"), 11);
  g_autofree char *a2 = kv_json ("/disc/c/office/nodes/a2", "", 12);
  g_autofree char *lines = g_strdup_printf (
      "{\"result\":{\"header\":{\"revision\":\"10\"},\"created\":true}}\n"
      "{\"result\":{\"header\":{\"revision\":\"11\"},\"events\":[{\"kv\":%s}]}}\n"
      "{\"result\":{\"header\":{\"revision\":\"12\"},\"events\":[{\"type\":\"DELETE\",\"kv\":%s}]}}\n",
      a1, a2);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  fake->n_watch++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  if (fake->n_watch == 1)
    soup_message_body_append (body, SOUP_MEMORY_COPY, lines, strlen (lines));
}

typedef struct {
  guint added;
  guint removed;
  guint role_notifies;
} Seen;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Seen       *seen)
{
  seen->added += added;
  seen->removed += removed;
}

static void
on_role (GObject *item, GParamSpec *pspec, Seen *seen)
{
  seen->role_notifies++;
}

static DiscMonitorRemoteNode *
find (GListModel *model,
      const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DiscMonitorRemoteNode) node = g_list_model_get_item (model, i);

      if (g_strcmp0 (disc_monitor_remote_node_get_id (node), id) == 0)
        return node;   /* the model keeps its own reference */
    }
  return NULL;
}

static gboolean
has_three (gpointer model)
{
  return g_list_model_get_n_items (model) == 3;
}

static gboolean
a2_gone (gpointer model)
{
  return g_list_model_get_n_items (model) == 2 && find (model, "a2") == NULL;
}

static void
test_lans_from_etcd (void)
{
  Fake fake = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscEtcdClient) client = NULL;
  g_autoptr(DiscMonitorRemoteLansModel) model = NULL;
  g_autofree char *base = NULL;
  GListModel *items;
  DiscMonitorRemoteNode *a1, *b1;
  Seen seen = { 0, };
  GSList *uris;

  g_test_summary ("The LANs page's model: one item per node key of every LAN, updated in place, "
                  "removed on delete; bridges and bad values left out, a value nested a million "
                  "levels deep too, without crashing");
  g_test_bug ("issues/17");
  fake.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake.server, "/v3/kv/range", on_range, &fake, NULL);
  soup_server_add_handler (fake.server, "/v3/watch", on_watch, &fake, NULL);
  g_assert_true (soup_server_listen_local (fake.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (fake.server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = disc_etcd_client_new (base, &error);
  g_assert_no_error (error);
  model = disc_monitor_remote_lans_model_new (client, "c");
  items = disc_monitor_remote_lans_model_get_model (model);
  g_signal_connect (items, "items-changed", G_CALLBACK (on_items_changed), &seen);

  g_assert_true (test_wait_for (has_three, items));
  g_assert_cmpuint (disc_monitor_remote_lans_model_get_n_lans (model), ==, 2);
  b1 = find (items, "b1");
  g_assert_nonnull (b1);
  g_assert_cmpstr (disc_monitor_remote_node_get_lan (b1), ==, "lab/2");
  g_assert_cmpstr (disc_monitor_remote_node_get_host_name (b1), ==, "db-1");
  g_assert_true (disc_monitor_remote_node_get_is_master (b1));
  g_assert_cmpstr (disc_monitor_remote_node_get_info (b1), ==, "{\"name\":\"web\"}");
  a1 = find (items, "a1");
  g_assert_nonnull (a1);
  g_signal_connect (a1, "notify::role", G_CALLBACK (on_role), &seen);

  g_assert_true (test_wait_for (a2_gone, items));
  /* a1 became master in place: the same object, notified, not re-added. */
  g_assert_true (find (items, "a1") == a1);
  g_assert_true (disc_monitor_remote_node_get_is_master (a1));
  g_assert_cmpuint (seen.role_notifies, ==, 1);
  g_assert_cmpuint (seen.added, ==, 3);
  g_assert_cmpuint (seen.removed, ==, 1);
  g_assert_cmpuint (disc_monitor_remote_lans_model_get_n_lans (model), ==, 2);
  g_assert_null (disc_monitor_remote_lans_model_get_error (model));

  g_signal_handlers_disconnect_by_data (a1, &seen);
  disc_monitor_remote_lans_model_stop (model);
  soup_server_disconnect (fake.server);
  g_object_unref (fake.server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base (TEST_BUG_BASE);
  g_test_add_func ("/remote-lans-model/lans-from-etcd", test_lans_from_etcd);
  return g_test_run ();
}
