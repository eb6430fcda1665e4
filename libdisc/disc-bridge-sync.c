/* disc-bridge-sync.c: mirroring a LAN into etcd: the LAN's node events
 * into the mirror, and the mirror's changes written as fenced,
 * coalesced transactions (the bridge key, resync, flush)
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include <string.h>

#include "disc-bridge-private.h"

/* ---- Writes --------------------------------------------------------- */

static void
on_bridge_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!disc_etcd_client_txn_finish (self->client, result, NULL, NULL, &error))
    {
      if (_disc_bridge_is_running (self))
        _disc_bridge_failed (self, error);
      return;
    }
  if (!_disc_bridge_is_running (self))
    return;
  self->bridge_key_written = TRUE;
  _disc_bridge_succeeded (self);
  _disc_bridge_advance (self);
}

void
_disc_bridge_write_bridge_key (DiscBridge *self)
{
  g_autoptr(DiscEtcdTxn) txn = disc_etcd_txn_new ();
  g_autoptr(JsonNode) me = disc_node_to_json (disc_discovery_get_me (self->discovery));
  g_autofree char *text = NULL;
  g_autoptr(GBytes) value = NULL;

  json_object_remove_member (json_node_get_object (me), "lastSeen");
  text = json_to_string (me, FALSE);
  value = g_bytes_new_take (text, strlen (text));
  text = NULL;
  disc_etcd_txn_put (txn, self->bridge_key, value, self->own_lease);
  disc_etcd_client_txn_async (self->client, txn, self->cancellable, on_bridge_written,
                              g_object_ref (self));
}

void
_disc_bridge_on_resync_range (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kvs = disc_etcd_client_range_finish (self->client, result, NULL, &error);

  if (!_disc_bridge_is_running (self))
    return;
  if (kvs == NULL)
    {
      _disc_bridge_failed (self, error);
      return;
    }
  disc_mirror_begin_resync (self->mirror);
  for (guint i = 0; i < kvs->len; i++)
    {
      DiscEtcdKeyValue *kv = g_ptr_array_index (kvs, i);
      gsize len;
      const char *data = g_bytes_get_data (kv->value, &len);
      g_autofree char *value = g_strndup (data != NULL ? data : "", len);

      disc_mirror_remote_put (self->mirror, kv->key, value);
    }
  disc_mirror_end_resync (self->mirror, _disc_bridge_now_ms ());
  self->need_resync = FALSE;
  _disc_bridge_succeeded (self);
  _disc_bridge_advance (self);
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GPtrArray) batch = g_object_steal_data (G_OBJECT (self), "disc-bridge-batch");
  g_autoptr(GError) error = NULL;
  gboolean applied = FALSE;
  gboolean answered;

  answered = disc_etcd_client_txn_finish (self->client, result, &applied, NULL, &error);
  if (batch != NULL)
    disc_mirror_batch_done (self->mirror, batch, answered && applied, _disc_bridge_now_ms ());
  if (!_disc_bridge_is_running (self))
    return;
  if (!answered)
    {
      _disc_bridge_failed (self, error);
      return;
    }
  _disc_bridge_succeeded (self);
  if (!applied)
    {
      /* The fence held: someone else leads now. */
      g_debug ("bridge %s: write fenced off, no longer leading", self->bridge_id);
      _disc_bridge_drop_leadership (self);
    }
  else
    self->writes++;
  _disc_bridge_advance (self);
}

static void
flush (DiscBridge *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(DiscEtcdTxn) txn = NULL;

  batch = disc_mirror_take_batch (self->mirror, DISC_ETCD_MAX_TXN_OPS);
  if (batch == NULL)
    return;
  txn = disc_etcd_txn_new ();
  disc_etcd_txn_compare_create_revision (txn, self->leader->key, self->leader->rev);
  for (guint i = 0; i < batch->len; i++)
    {
      DiscMirrorOp *op = g_ptr_array_index (batch, i);

      if (op->value != NULL)
        {
          g_autoptr(GBytes) value = g_bytes_new (op->value, strlen (op->value));

          disc_etcd_txn_put (txn, op->key, value, self->lan_lease);
        }
      else
        disc_etcd_txn_delete (txn, op->key, FALSE);
    }
  self->busy = TRUE;
  g_object_set_data_full (G_OBJECT (self), "disc-bridge-batch", g_steal_pointer (&batch),
                          (GDestroyNotify) g_ptr_array_unref);
  disc_etcd_client_txn_async (self->client, txn, self->cancellable, on_flushed, g_object_ref (self));
}

static gboolean
on_flush_due (gpointer user_data)
{
  DiscBridge *self = user_data;

  self->flush_id = 0;
  _disc_bridge_advance (self);
  return G_SOURCE_REMOVE;
}

void
_disc_bridge_schedule_flush (DiscBridge *self)
{
  gint64 due, now;

  /* Writes need the LAN lease their keys go on, and leadership. */
  if (self->leader == NULL || self->need_resync || self->busy || !self->lan_lease_ok)
    return;
  due = disc_mirror_get_due (self->mirror);
  if (due < 0)
    return;
  now = _disc_bridge_now_ms ();
  if (due <= now)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      flush (self);
      return;
    }
  if (self->flush_id != 0 && self->flush_at <= due)
    return;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->flush_at = due;
  self->flush_id = g_timeout_add ((guint) (due - now), on_flush_due, self);
}

/* ---- The LAN -------------------------------------------------------- */

gboolean
_disc_bridge_is_bridge_node (DiscNode *node)
{
  JsonNode *info = disc_node_get_info (node);

  return info != NULL && JSON_NODE_HOLDS_OBJECT (info) &&
         json_object_has_member (json_node_get_object (info), DISC_BRIDGE_INFO_MEMBER);
}

void
_disc_bridge_on_node_seen (DiscDiscovery *discovery,
                           DiscNode      *node,
                           gpointer       user_data)
{
  DiscBridge *self = user_data;

  if (_disc_bridge_is_bridge_node (node))
    {
      /* A node that says it is a bridge only now: out of nodes/. */
      disc_mirror_remove_node (self->mirror, disc_node_get_id (node), _disc_bridge_now_ms ());
      _disc_bridge_schedule_flush (self);
      return;
    }
  disc_mirror_set_node (self->mirror, node, _disc_bridge_now_ms ());
  _disc_bridge_schedule_flush (self);
}

void
_disc_bridge_on_node_removed (DiscDiscovery *discovery,
                              DiscNode      *node,
                              gpointer       user_data)
{
  DiscBridge *self = user_data;

  disc_mirror_remove_node (self->mirror, disc_node_get_id (node), _disc_bridge_now_ms ());
  _disc_bridge_schedule_flush (self);
}
