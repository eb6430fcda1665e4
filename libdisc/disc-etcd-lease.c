/* disc-etcd-lease.c: the lease calls of DiscEtcdClient:
 * grant, keepalive and revoke
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-etcd"

#include "config.h"

#include <json-glib/json-glib.h>

#include "disc-etcd-client.h"
#include "disc-etcd-client-private.h"

/**
 * disc_etcd_client_lease_grant_async:
 * @self: a client
 * @id: the lease ID wanted, or 0 to let etcd choose
 * @ttl_s: its time to live, in seconds (etcd's minimum is 2 with its
 *   default timers)
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Grants a lease. Asking for an @id that exists fails with
 * %DISC_ETCD_ERROR_LEASE_EXISTS: bridges of one LAN all ask for the
 * same ID, and the first one's grant is the one they share.
 *
 * Since: 0.2
 */
void
disc_etcd_client_lease_grant_async (DiscEtcdClient      *self,
                                    gint64               id,
                                    guint                ttl_s,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (id >= 0);

  json_builder_begin_object (b);
  _disc_etcd_json_add_int64 (b, "TTL", ttl_s);
  if (id != 0)
    _disc_etcd_json_add_int64 (b, "ID", id);
  _disc_etcd_client_call (self, "/v3/lease/grant", b, TRUE, cancellable,
                          disc_etcd_client_lease_grant_async, callback, user_data);
}

/**
 * disc_etcd_client_lease_grant_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.lease_grant_async].
 *
 * Returns: the lease's ID, or 0 on error
 *
 * Since: 0.2
 */
gint64
disc_etcd_client_lease_grant_finish (DiscEtcdClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);
  gint64 id;

  if (answer == NULL)
    return 0;
  id = _disc_etcd_json_int64 (answer, "ID");
  if (id == 0)
    g_set_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                 "etcd granted a lease without an ID: %s",
                 _disc_etcd_json_string (answer, "error", "no reason given"));
  return id;
}

/**
 * disc_etcd_client_lease_keepalive_async:
 * @self: a client
 * @id: a lease
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Renews a lease to its full time to live, with one message of the
 * keepalive stream.
 *
 * Since: 0.2
 */
void
disc_etcd_client_lease_keepalive_async (DiscEtcdClient      *self,
                                        gint64               id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));

  _disc_etcd_client_call_with_id (self, "/v3/lease/keepalive", id, cancellable,
                                  disc_etcd_client_lease_keepalive_async, callback, user_data);
}

/**
 * disc_etcd_client_lease_keepalive_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.lease_keepalive_async].
 *
 * Returns: the lease's time to live now, in seconds: 0 when it has
 *   expired (or never existed), -1 on error
 *
 * Since: 0.2
 */
gint64
disc_etcd_client_lease_keepalive_finish (DiscEtcdClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);
  JsonObject *inner;

  if (answer == NULL)
    return -1;
  /* A streaming call: its one message comes wrapped in "result". */
  inner = _disc_etcd_json_object (answer, "result");
  return _disc_etcd_json_int64 (inner != NULL ? inner : answer, "TTL");
}

/**
 * disc_etcd_client_lease_revoke_async:
 * @self: a client
 * @id: a lease
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Revokes a lease: every key attached to it is deleted at once.
 *
 * Since: 0.2
 */
void
disc_etcd_client_lease_revoke_async (DiscEtcdClient      *self,
                                     gint64               id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));

  _disc_etcd_client_call_with_id (self, "/v3/lease/revoke", id, cancellable,
                                  disc_etcd_client_lease_revoke_async, callback, user_data);
}

/**
 * disc_etcd_client_lease_revoke_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.lease_revoke_async]. A lease that
 * had expired already is an error (%DISC_ETCD_ERROR_REJECTED).
 *
 * Returns: whether the lease was revoked
 *
 * Since: 0.2
 */
gboolean
disc_etcd_client_lease_revoke_finish (DiscEtcdClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return _disc_etcd_client_call_taken (self, result, error);
}
