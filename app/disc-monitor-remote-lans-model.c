/* disc-monitor-remote-lans-model.c: every LAN's nodes, read from etcd
 *
 * A GListStore of DiscMonitorRemoteNode, one per `nodes/<id>` key under
 * /disc/<cluster>/, kept by a DiscEtcdWatch: one range, then the changes.
 * Items live as long as their key; an info or role change updates the
 * item in place (its properties notify), so views bound to it are not
 * rebuilt. The local LAN stays live over broadcast in the other pages.
 * Without etcd support in libdisc the type exists, always empty.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-remote-lans-model"

#include "config.h"

#include "disc-monitor-property.h"
#include "disc-monitor-remote-lans-model.h"

struct _DiscMonitorRemoteLansModel
{
  GObject       parent_instance;

  char         *cluster;
  GObject      *watch;  /* a DiscEtcdWatch */
  GSignalGroup *watch_signals;
  GListStore   *items;  /* of DiscMonitorRemoteNode, in arrival order */
  GHashTable   *by_key; /* key -> DiscMonitorRemoteNode (borrowed from items) */
  GHashTable   *lans;   /* LAN name -> number of its nodes */
  char         *error;
};

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DiscMonitorRemoteLansModel, disc_monitor_remote_lans_model, G_TYPE_OBJECT)

#if DISC_HAS_ETCD
static void
set_error (DiscMonitorRemoteLansModel *self,
           const char                 *error)
{
  disc_monitor_set_string_property (G_OBJECT (self), &self->error, error, properties[PROP_ERROR]);
}

/* The number of LANs changes only with the items: views follow
 * items-changed. */
static void
count_lan (DiscMonitorRemoteLansModel *self,
           const char                 *lan,
           int                         delta)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->lans, lan));

  if (delta > 0)
    g_hash_table_insert (self->lans, g_strdup (lan), GUINT_TO_POINTER (n + 1));
  else if (n <= 1)
    g_hash_table_remove (self->lans, lan);
  else
    g_hash_table_insert (self->lans, g_strdup (lan), GUINT_TO_POINTER (n - 1));
}

static JsonObject *
parse_node (GBytes *value)
{
  g_autoptr(JsonNode) root = disc_bridge_parse_value (value, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* A put of @key: a new item, or an update of its item. FALSE when @key is
 * not a node key (or holds no node). A new item goes to @batch during a
 * reset, else to the store at once. */
static gboolean
put (DiscMonitorRemoteLansModel *self,
     DiscEtcdKeyValue           *kv,
     GPtrArray                  *batch)
{
  g_autofree char *lan = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) node = NULL;
  DiscMonitorRemoteNode *item;

  if (disc_bridge_parse_key (self->cluster, kv->key, &lan, &id) != DISC_BRIDGE_KEY_NODE)
    return FALSE;
  node = parse_node (kv->value);
  if (node == NULL)
    return FALSE;
  item = g_hash_table_lookup (self->by_key, kv->key);
  if (item != NULL)
    {
      _disc_monitor_remote_node_update (item, node);
      return TRUE;
    }
  item = disc_monitor_remote_node_new (lan, id);
  _disc_monitor_remote_node_update (item, node);
  g_hash_table_insert (self->by_key, g_strdup (kv->key), item);
  count_lan (self, lan, +1);
  if (batch != NULL)
    g_ptr_array_add (batch, item);
  else
    {
      g_list_store_append (self->items, item);
      g_object_unref (item);
    }
  return TRUE;
}

static void
on_put (DiscEtcdWatch              *watch,
        DiscEtcdKeyValue           *kv,
        DiscMonitorRemoteLansModel *self)
{
  set_error (self, NULL);
  put (self, kv, NULL);
}

static void
on_delete (DiscEtcdWatch              *watch,
           const char                 *key,
           DiscMonitorRemoteLansModel *self)
{
  DiscMonitorRemoteNode *item = g_hash_table_lookup (self->by_key, key);
  guint position;

  if (item == NULL || !g_list_store_find (self->items, item, &position))
    return;
  count_lan (self, disc_monitor_remote_node_get_lan (item), -1);
  g_hash_table_remove (self->by_key, key);
  g_list_store_remove (self->items, position);
}

/* What etcd holds now replaces what was known: items whose key is still
 * there are kept (and updated), the others go; one items-changed. */
static void
on_reset (DiscEtcdWatch              *watch,
          GPtrArray                  *kvs,
          DiscMonitorRemoteLansModel *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_by_key = g_steal_pointer (&self->by_key);   /* borrows from the store */

  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_remove_all (self->lans);
  for (guint i = 0; i < kvs->len; i++)
    {
      DiscEtcdKeyValue *kv = g_ptr_array_index (kvs, i);
      DiscMonitorRemoteNode *kept = g_hash_table_lookup (old_by_key, kv->key);

      /* Keep the object, so that a bound row is updated, not rebuilt. */
      if (kept != NULL)
        {
          g_hash_table_insert (self->by_key, g_strdup (kv->key), kept);
          if (!put (self, kv, items))
            {
              g_hash_table_remove (self->by_key, kv->key);
              continue;
            }
          g_ptr_array_add (items, g_object_ref (kept));
          count_lan (self, disc_monitor_remote_node_get_lan (kept), +1);
        }
      else
        put (self, kv, items);
    }
  set_error (self, NULL);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
}

static void
on_error (DiscEtcdWatch              *watch,
          GError                     *error,
          DiscMonitorRemoteLansModel *self)
{
  set_error (self, error->message);
}

DiscMonitorRemoteLansModel *
disc_monitor_remote_lans_model_new (DiscEtcdClient *client,
                                    const char     *cluster)
{
  DiscMonitorRemoteLansModel *self;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (DISC_IS_ETCD_CLIENT (client), NULL);
  g_return_val_if_fail (cluster != NULL, NULL);

  self = g_object_new (DISC_TYPE_MONITOR_REMOTE_LANS_MODEL, NULL);
  self->cluster = g_strdup (cluster);
  prefix = disc_bridge_cluster_prefix (cluster);
  self->watch = G_OBJECT (disc_etcd_watch_new (client, prefix));
  self->watch_signals = g_signal_group_new (DISC_TYPE_ETCD_WATCH);
  g_signal_group_connect (self->watch_signals, "reset", G_CALLBACK (on_reset), self);
  g_signal_group_connect (self->watch_signals, "put", G_CALLBACK (on_put), self);
  g_signal_group_connect (self->watch_signals, "delete", G_CALLBACK (on_delete), self);
  g_signal_group_connect (self->watch_signals, "error", G_CALLBACK (on_error), self);
  g_signal_group_set_target (self->watch_signals, self->watch);
  return self;
}

#endif

/**
 * disc_monitor_remote_lans_model_get_model:
 * @self: a remote LANs model
 *
 * Returns: (transfer none): the DiscMonitorRemoteNode items, one per node
 *   key in etcd, in the order they were first read
 */
GListModel *
disc_monitor_remote_lans_model_get_model (DiscMonitorRemoteLansModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_LANS_MODEL (self), NULL);
  return G_LIST_MODEL (self->items);
}

const char *
disc_monitor_remote_lans_model_get_cluster (DiscMonitorRemoteLansModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_LANS_MODEL (self), NULL);
  return self->cluster;
}

guint
disc_monitor_remote_lans_model_get_n_lans (DiscMonitorRemoteLansModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_LANS_MODEL (self), 0);
  return g_hash_table_size (self->lans);
}

const char *
disc_monitor_remote_lans_model_get_error (DiscMonitorRemoteLansModel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_LANS_MODEL (self), NULL);
  return self->error;
}

/* Ends the watch; the items stay as they were. */
void
disc_monitor_remote_lans_model_stop (DiscMonitorRemoteLansModel *self)
{
  g_return_if_fail (DISC_IS_MONITOR_REMOTE_LANS_MODEL (self));
#if DISC_HAS_ETCD
  if (self->watch != NULL)
    {
      g_signal_group_set_target (self->watch_signals, NULL);
      disc_etcd_watch_cancel (DISC_ETCD_WATCH (self->watch));
    }
#endif
}

static void
disc_monitor_remote_lans_model_dispose (GObject *object)
{
  DiscMonitorRemoteLansModel *self = DISC_MONITOR_REMOTE_LANS_MODEL (object);

  disc_monitor_remote_lans_model_stop (self);
  g_clear_object (&self->watch_signals);
  g_clear_object (&self->watch);
  G_OBJECT_CLASS (disc_monitor_remote_lans_model_parent_class)->dispose (object);
}

static void
disc_monitor_remote_lans_model_finalize (GObject *object)
{
  DiscMonitorRemoteLansModel *self = DISC_MONITOR_REMOTE_LANS_MODEL (object);

  g_object_unref (self->items);
  g_hash_table_unref (self->by_key);
  g_hash_table_unref (self->lans);
  g_free (self->cluster);
  g_free (self->error);
  G_OBJECT_CLASS (disc_monitor_remote_lans_model_parent_class)->finalize (object);
}

static void
disc_monitor_remote_lans_model_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  DiscMonitorRemoteLansModel *self = DISC_MONITOR_REMOTE_LANS_MODEL (object);

  switch (prop_id)
    {
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_remote_lans_model_class_init (DiscMonitorRemoteLansModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_monitor_remote_lans_model_dispose;
  object_class->finalize = disc_monitor_remote_lans_model_finalize;
  object_class->get_property = disc_monitor_remote_lans_model_get_property;

  /* Why etcd cannot be read now, or NULL. */
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_remote_lans_model_init (DiscMonitorRemoteLansModel *self)
{
  self->items = g_list_store_new (DISC_TYPE_MONITOR_REMOTE_NODE);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
