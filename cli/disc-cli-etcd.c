/* disc-cli-etcd.c: `disc nodes --etcd` and `disc watch --etcd`, which read
 * every LAN's membership from etcd instead of listening
 *
 * The store answers at once: no listening wait. The keys are those that
 * DiscBridge writes under /disc/<cluster>/<lan>/ (see disc-bridge.c).
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-etcd.h"
#include "disc-cli-session.h"

DiscEtcdClient *
disc_cli_etcd_client_new (const char  *endpoints,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DiscEtcdClient *client = disc_etcd_client_new (endpoints, &local_error);

  if (client == NULL)
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "--etcd: %s", local_error->message);
  return client;
}

static gboolean
check_options (const char  *endpoints,
               const char  *cluster,
               GError     **error)
{
  if (endpoints == NULL)
    {
      g_set_error_literal (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "--cluster goes with --etcd ENDPOINTS");
      return FALSE;
    }
  if (cluster == NULL || *cluster == '\0')
    {
      g_set_error_literal (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "--etcd needs --cluster NAME");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_output (FILE    *stream,
              GError **error)
{
  if (fflush (stream) != 0 && errno != EPIPE)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                   "cannot write to standard output: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* ---- disc nodes --etcd ---------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GPtrArray *kvs;
  GError    *error;
} RangeWait;

static void
on_range (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RangeWait *wait = user_data;

  wait->kvs = disc_etcd_client_range_finish (DISC_ETCD_CLIENT (source), result, NULL, &wait->error);
  g_main_loop_quit (wait->loop);
}

typedef struct {
  GPtrArray *nodes;     /* of JsonNode, node objects */
  guint      n_bridges;
} Lan;

static void
lan_free (gpointer data)
{
  Lan *lan = data;

  g_ptr_array_unref (lan->nodes);
  g_free (lan);
}

static Lan *
lan_lookup (GHashTable *lans,
            const char *name)
{
  Lan *lan = g_hash_table_lookup (lans, name);

  if (lan == NULL)
    {
      lan = g_new0 (Lan, 1);
      lan->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      g_hash_table_insert (lans, g_strdup (name), lan);
    }
  return lan;
}

static const char *
member_string (JsonNode   *node,
               const char *member)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *value = json_object_get_member (object, member);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return "";
  return json_node_get_string (value);
}

/* The node objects are whatever was written under the cluster's prefix:
 * members of another type read as absent, not as json-glib warnings. */
static gboolean
member_boolean (JsonNode   *node,
                const char *member)
{
  JsonNode *value = json_object_get_member (json_node_get_object (node), member);

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_BOOLEAN && json_node_get_boolean (value);
}

static gint64
member_int (JsonNode   *node,
            const char *member)
{
  JsonNode *value = json_object_get_member (json_node_get_object (node), member);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (value);
}

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  JsonNode *na = *(JsonNode **) a, *nb = *(JsonNode **) b;
  int by_host = g_strcmp0 (member_string (na, "hostName"), member_string (nb, "hostName"));

  return by_host != 0 ? by_host : g_strcmp0 (member_string (na, "id"), member_string (nb, "id"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
print_lans_text (GHashTable *lans,
                 GPtrArray  *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      Lan *lan = g_hash_table_lookup (lans, name);

      printf ("%sLAN %s: %u node%s, %u bridge%s\n", i > 0 ? "\n" : "", name,
              lan->nodes->len, lan->nodes->len == 1 ? "" : "s",
              lan->n_bridges, lan->n_bridges == 1 ? "" : "s");
      for (guint j = 0; j < lan->nodes->len; j++)
        {
          JsonNode *node = lan->nodes->pdata[j];
          const char *role = member_boolean (node, "isMaster") ? "master"
                             : member_boolean (node, "isMasterEligible") ? "eligible"
                             : "not-eligible";

          printf ("  %-20s %-15s %5" G_GINT64_FORMAT "  %-12.12s  %s\n",
                  member_string (node, "hostName"), member_string (node, "address"),
                  member_int (node, "port"),
                  member_string (node, "id"), role);
        }
    }
}

static void
print_lans_json (GHashTable *lans,
                 GPtrArray  *names)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  for (guint i = 0; i < names->len; i++)
    {
      Lan *lan = g_hash_table_lookup (lans, names->pdata[i]);

      json_builder_set_member_name (b, names->pdata[i]);
      json_builder_begin_array (b);
      for (guint j = 0; j < lan->nodes->len; j++)
        json_builder_add_value (b, json_node_copy (lan->nodes->pdata[j]));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

gboolean
disc_cli_etcd_run_nodes (const char  *endpoints,
                         const char  *cluster,
                         gboolean     json,
                         GError     **error)
{
  g_autoptr(DiscEtcdClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GHashTable) lans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, lan_free);
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *prefix = NULL;
  RangeWait wait = { 0, };
  GHashTableIter iter;
  gpointer name;

  if (!check_options (endpoints, cluster, error))
    return FALSE;
  client = disc_cli_etcd_client_new (endpoints, error);
  if (client == NULL)
    return FALSE;

  prefix = disc_bridge_cluster_prefix (cluster);
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  disc_etcd_client_range_async (client, prefix, TRUE, NULL, on_range, &wait);
  g_main_loop_run (loop);
  if (wait.kvs == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s", wait.error->message);
      g_error_free (wait.error);
      return FALSE;
    }

  for (guint i = 0; i < wait.kvs->len; i++)
    {
      DiscEtcdKeyValue *kv = wait.kvs->pdata[i];
      g_autofree char *lan_name = NULL;
      g_autoptr(JsonNode) value = NULL;

      switch (disc_bridge_parse_key (cluster, kv->key, &lan_name, NULL))
        {
        case DISC_BRIDGE_KEY_NODE:
          value = disc_bridge_parse_value (kv->value, NULL);
          if (value != NULL && JSON_NODE_HOLDS_OBJECT (value))
            g_ptr_array_add (lan_lookup (lans, lan_name)->nodes, g_steal_pointer (&value));
          break;
        case DISC_BRIDGE_KEY_BRIDGE:
          lan_lookup (lans, lan_name)->n_bridges++;
          break;
        case DISC_BRIDGE_KEY_MASTER:
        case DISC_BRIDGE_KEY_OTHER:
        default:
          break;
        }
    }
  g_ptr_array_unref (wait.kvs);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, lans);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_sort (((Lan *) g_hash_table_lookup (lans, names->pdata[i]))->nodes, compare_nodes);

  if (names->len == 0)
    g_printerr ("%s: no LAN of cluster “%s” in etcd\n", g_get_prgname (), cluster);
  if (json)
    print_lans_json (lans, names);
  else
    print_lans_text (lans, names);
  return check_output (stdout, error);
}

/* ---- disc watch --etcd ---------------------------------------------- */

typedef struct {
  DiscCliSession *session;
  const char     *cluster;
  gboolean        json;
  GHashTable     *known;     /* key -> value text, for diffs after a reset */
} EtcdWatch;

static void
print_event (EtcdWatch  *watch,
             const char *event,
             const char *lan,
             const char *id,
             JsonNode   *node)
{
  if (watch->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "event");
      json_builder_add_string_value (b, event);
      json_builder_set_member_name (b, "time");
      json_builder_add_int_value (b, g_get_real_time () / 1000);
      json_builder_set_member_name (b, "lan");
      json_builder_add_string_value (b, lan);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      if (node != NULL)
        {
          json_builder_set_member_name (b, "node");
          json_builder_add_value (b, json_node_copy (node));
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, FALSE);
      printf ("%s\n", text);
    }
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    printf ("%-14s %-12s %-20s %-15s %s\n", event, lan, member_string (node, "hostName"),
            member_string (node, "address"), id);
  else
    printf ("%-14s %-12s %s\n", event, lan, id);
  if (fflush (stdout) != 0)
    disc_cli_session_quit (watch->session, "output");
}

static void
key_changed (EtcdWatch  *watch,
             const char *key,
             GBytes     *value)
{
  g_autofree char *lan = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  const char *old;
  DiscBridgeKeyKind kind = disc_bridge_parse_key (watch->cluster, key, &lan, &id);
  g_autoptr(JsonNode) node = NULL;

  if (kind == DISC_BRIDGE_KEY_OTHER)
    return;
  old = g_hash_table_lookup (watch->known, key);
  if (value == NULL)
    {
      if (old == NULL)
        return;
      g_hash_table_remove (watch->known, key);
      print_event (watch, kind == DISC_BRIDGE_KEY_NODE ? "removed"
                          : kind == DISC_BRIDGE_KEY_MASTER ? "master-gone" : "bridge-removed",
                   lan, id, NULL);
      return;
    }
  text = g_strndup (g_bytes_get_data (value, NULL), g_bytes_get_size (value));
  if (g_strcmp0 (old, text) == 0)
    return;
  node = kind == DISC_BRIDGE_KEY_NODE ? disc_bridge_parse_value (value, NULL) : NULL;
  print_event (watch, kind == DISC_BRIDGE_KEY_NODE ? (old == NULL ? "added" : "updated")
                      : kind == DISC_BRIDGE_KEY_MASTER ? "master" : "bridge-added",
               lan, id, node);
  g_hash_table_insert (watch->known, g_strdup (key), g_steal_pointer (&text));
}

static void
on_reset (DiscEtcdWatch *etcd_watch,
          GPtrArray     *kvs,
          EtcdWatch     *watch)
{
  g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < kvs->len; i++)
    {
      DiscEtcdKeyValue *kv = kvs->pdata[i];

      g_hash_table_add (now, kv->key);
      key_changed (watch, kv->key, kv->value);
    }
  g_hash_table_iter_init (&iter, watch->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (now, key))
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    key_changed (watch, gone->pdata[i], NULL);
}

static void
on_put (DiscEtcdWatch    *etcd_watch,
        DiscEtcdKeyValue *kv,
        EtcdWatch        *watch)
{
  key_changed (watch, kv->key, kv->value);
}

static void
on_delete (DiscEtcdWatch *etcd_watch,
           const char    *key,
           EtcdWatch     *watch)
{
  key_changed (watch, key, NULL);
}

static void
on_watch_error (DiscEtcdWatch *etcd_watch,
                GError        *error,
                EtcdWatch     *watch)
{
  g_printerr ("%s: %s (trying again)\n", g_get_prgname (), error->message);
}

gboolean
disc_cli_etcd_run_watch (const char  *endpoints,
                         const char  *cluster,
                         gboolean     json,
                         gint64       for_ms,
                         GError     **error)
{
  g_autoptr(DiscEtcdClient) client = NULL;
  g_autoptr(DiscEtcdWatch) etcd_watch = NULL;
  g_autoptr(DiscCliSession) session = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *prefix = NULL;
  EtcdWatch watch = { 0, };

  if (!check_options (endpoints, cluster, error))
    return FALSE;
  client = disc_cli_etcd_client_new (endpoints, error);
  if (client == NULL)
    return FALSE;

  session = disc_cli_session_new ();
  watch.session = session;
  watch.cluster = cluster;
  watch.json = json;
  watch.known = known;
  prefix = disc_bridge_cluster_prefix (cluster);
  etcd_watch = disc_etcd_watch_new (client, prefix);
  g_signal_connect (etcd_watch, "reset", G_CALLBACK (on_reset), &watch);
  g_signal_connect (etcd_watch, "put", G_CALLBACK (on_put), &watch);
  g_signal_connect (etcd_watch, "delete", G_CALLBACK (on_delete), &watch);
  g_signal_connect (etcd_watch, "error", G_CALLBACK (on_watch_error), &watch);
  if (for_ms >= 0)
    disc_cli_session_set_deadline (session, for_ms, "timeout");
  disc_cli_session_run (session);
  g_signal_handlers_disconnect_by_data (etcd_watch, &watch);
  disc_etcd_watch_cancel (etcd_watch);
  return check_output (stdout, error);
}
