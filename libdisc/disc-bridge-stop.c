/* disc-bridge-stop.c: stopping a DiscBridge: resign, revoke its own
 * lease, unregister, and revoke the LAN lease when it was the last bridge
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include "disc-bridge-private.h"

/* ---- Stopping: resign, unregister, and remove the LAN if last ------- */

typedef struct {
  DiscEtcdLeader *leader;
  gint64          own_lease;
  gint64          lan_lease;
  char           *bridge_key;
  char           *bridges_prefix;
  GError         *error;
} StopData;

static void
stop_data_free (gpointer data)
{
  StopData *stop = data;

  g_clear_pointer (&stop->leader, disc_etcd_leader_free);
  g_free (stop->bridge_key);
  g_free (stop->bridges_prefix);
  g_clear_error (&stop->error);
  g_free (stop);
}

static void
keep_error (StopData *stop,
            GError   *error)
{
  if (stop->error == NULL)
    stop->error = error;
  else
    g_error_free (error);
}

/* The end of the stop: takes the one reference on @task. */
static void
stop_done (GTask *task)
{
  StopData *stop = g_task_get_task_data (task);

  if (stop->error != NULL)
    g_task_return_error (task, g_steal_pointer (&stop->error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void revoke_own (GTask *task);

/* Either lease's revoke: the own lease is revoked last, and only once. */
static void
on_revoked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!disc_etcd_client_lease_revoke_finish (DISC_ETCD_CLIENT (source), result, &error))
    keep_error (g_task_get_task_data (task), error);
  revoke_own (task);
}

static void
revoke_own (GTask *task)
{
  StopData *stop = g_task_get_task_data (task);
  DiscBridge *self = g_task_get_source_object (task);
  gint64 lease = stop->own_lease;

  if (lease == 0)
    {
      stop_done (task);
      return;
    }
  stop->own_lease = 0;
  disc_etcd_client_lease_revoke_async (self->client, lease, g_task_get_cancellable (task),
                                       on_revoked, task);
}

static void
on_bridges_counted (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  StopData *stop = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) bridges = disc_etcd_client_range_finish (DISC_ETCD_CLIENT (source), result,
                                                                NULL, &error);

  if (bridges == NULL)
    {
      keep_error (stop, error);
      revoke_own (task);
      return;
    }
  if (bridges->len > 0)
    {
      revoke_own (task);
      return;
    }
  /* The last bridge of the LAN: its nodes go with the LAN lease, now. */
  disc_etcd_client_lease_revoke_async (DISC_ETCD_CLIENT (source), stop->lan_lease,
                                       g_task_get_cancellable (task), on_revoked, task);
}

static void
on_unregistered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  StopData *stop = g_task_get_task_data (task);
  GError *error = NULL;

  if (!disc_etcd_client_txn_finish (DISC_ETCD_CLIENT (source), result, NULL, NULL, &error))
    keep_error (stop, error);
  disc_etcd_client_range_async (DISC_ETCD_CLIENT (source), stop->bridges_prefix, TRUE,
                                g_task_get_cancellable (task), on_bridges_counted, task);
}

static void
unregister (GTask *task)
{
  StopData *stop = g_task_get_task_data (task);
  DiscBridge *self = g_task_get_source_object (task);
  g_autoptr(DiscEtcdTxn) txn = disc_etcd_txn_new ();

  disc_etcd_txn_delete (txn, stop->bridge_key, FALSE);
  disc_etcd_client_txn_async (self->client, txn, g_task_get_cancellable (task), on_unregistered, task);
}

static void
on_resigned (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!disc_etcd_client_resign_finish (DISC_ETCD_CLIENT (source), result, &error))
    keep_error (g_task_get_task_data (task), error);
  unregister (task);
}

/**
 * disc_bridge_stop_async:
 * @self: a bridge
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called when etcd has been told
 * @user_data: data for @callback
 *
 * Stops mirroring, cleanly: the bridge stops writing, resigns if it led
 * (a standby takes over at once), deletes its `bridges/` key, and, when
 * no other bridge of the LAN is left, revokes the LAN's lease, which
 * removes the LAN's keys at once. Stop the discovery after this, so that
 * its goodbye does not reach etcd through this bridge.
 *
 * Since: 0.2
 */
void
disc_bridge_stop_async (DiscBridge          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StopData *stop;

  g_return_if_fail (DISC_IS_BRIDGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, disc_bridge_stop_async);
  if (self->role == DISC_BRIDGE_ROLE_STOPPED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  stop = g_new0 (StopData, 1);
  stop->leader = g_steal_pointer (&self->leader);
  stop->own_lease = self->own_lease;
  stop->lan_lease = self->lan_lease;
  stop->bridge_key = g_strdup (self->bridge_key);
  stop->bridges_prefix = g_strconcat (disc_mirror_get_prefix (self->mirror), "bridges/", NULL);
  g_task_set_task_data (task, stop, stop_data_free);

  g_signal_handlers_disconnect_by_data (self->discovery, self);
  if (self->forward_watch != NULL)
    disc_etcd_watch_cancel (self->forward_watch);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _disc_bridge_set_role (self, DISC_BRIDGE_ROLE_STOPPED);

  if (stop->leader != NULL)
    disc_etcd_client_resign_async (self->client, stop->leader, cancellable, on_resigned,
                                   g_steal_pointer (&task));
  else
    unregister (g_steal_pointer (&task));
}

/**
 * disc_bridge_stop_finish:
 * @self: a bridge
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.Bridge.stop_async]. The bridge is stopped either
 * way; an error says etcd was not told everything (its leases then
 * expire after their TTL instead).
 *
 * Returns: whether etcd was told
 *
 * Since: 0.2
 */
gboolean
disc_bridge_stop_finish (DiscBridge    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
