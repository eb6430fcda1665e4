/* disc-etcd-election.c: the election calls of DiscEtcdClient:
 * campaign and resign, with DiscEtcdLeader (the leader key they answer)
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-etcd"

#include "config.h"

#include <json-glib/json-glib.h>

#include "disc-etcd-client.h"
#include "disc-etcd-client-private.h"

/**
 * disc_etcd_leader_copy:
 * @self: a leader key
 *
 * Copies a leader key.
 *
 * Returns: (transfer full): the copy
 *
 * Since: 0.2
 */
DiscEtcdLeader *
disc_etcd_leader_copy (const DiscEtcdLeader *self)
{
  DiscEtcdLeader *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_new0 (DiscEtcdLeader, 1);
  *copy = *self;
  copy->name = g_strdup (self->name);
  copy->key = g_strdup (self->key);
  return copy;
}

/**
 * disc_etcd_leader_free:
 * @self: (transfer full): a leader key
 *
 * Frees a leader key.
 *
 * Since: 0.2
 */
void
disc_etcd_leader_free (DiscEtcdLeader *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->key);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DiscEtcdLeader, disc_etcd_leader,
                     disc_etcd_leader_copy, disc_etcd_leader_free)

/**
 * disc_etcd_client_campaign_async:
 * @self: a client
 * @name: the election's name (a key prefix)
 * @lease: the candidate's lease: its key goes when the lease does
 * @value: what the candidate's key holds
 * @cancellable: (nullable): a cancellable: the way to give up waiting
 * @callback: (scope async): called when the campaign is won or failed
 * @user_data: data for @callback
 *
 * Campaigns in an election of etcd's election API: the answer comes when
 * this candidate leads, which can take for ever. It holds one connection
 * meanwhile, and has no deadline once etcd has it.
 *
 * Since: 0.2
 */
void
disc_etcd_client_campaign_async (DiscEtcdClient      *self,
                                 const char          *name,
                                 gint64               lease,
                                 GBytes              *value,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (name != NULL && value != NULL);

  json_builder_begin_object (b);
  _disc_etcd_json_add_key (b, "name", name);
  _disc_etcd_json_add_int64 (b, "lease", lease);
  _disc_etcd_json_add_bytes (b, "value", value);
  _disc_etcd_client_call (self, "/v3/election/campaign", b, FALSE, cancellable,
                          disc_etcd_client_campaign_async, callback, user_data);
}

static DiscEtcdLeader *
leader_from_json (JsonObject *object)
{
  DiscEtcdLeader *leader = g_new0 (DiscEtcdLeader, 1);
  g_autoptr(GBytes) name = _disc_etcd_json_base64_member (object, "name");
  g_autoptr(GBytes) key = _disc_etcd_json_base64_member (object, "key");
  gsize len;
  const char *data;

  data = g_bytes_get_data (name, &len);
  leader->name = g_strndup (data != NULL ? data : "", len);
  data = g_bytes_get_data (key, &len);
  leader->key = g_strndup (data != NULL ? data : "", len);
  leader->rev = _disc_etcd_json_int64 (object, "rev");
  leader->lease = _disc_etcd_json_int64 (object, "lease");
  return leader;
}

/**
 * disc_etcd_client_campaign_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR or %G_IO_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.campaign_async].
 *
 * Returns: (transfer full) (nullable): the leader key won, or %NULL on
 *   error
 *
 * Since: 0.2
 */
DiscEtcdLeader *
disc_etcd_client_campaign_finish (DiscEtcdClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_autoptr(JsonObject) answer = _disc_etcd_client_call_answer (self, result, error);
  JsonObject *leader;

  if (answer == NULL)
    return NULL;
  leader = _disc_etcd_json_object (answer, "leader");
  if (leader == NULL)
    {
      g_set_error_literal (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_PROTOCOL,
                           "etcd answered a campaign without a leader key");
      return NULL;
    }
  return leader_from_json (leader);
}

/**
 * disc_etcd_client_resign_async:
 * @self: a client
 * @leader: the leader key won by [method@Disc.EtcdClient.campaign_async]
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Gives up leadership at once: the next candidate wins without waiting
 * for @leader's lease to expire.
 *
 * Since: 0.2
 */
void
disc_etcd_client_resign_async (DiscEtcdClient       *self,
                               const DiscEtcdLeader *leader,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_if_fail (DISC_IS_ETCD_CLIENT (self));
  g_return_if_fail (leader != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "leader");
  json_builder_begin_object (b);
  _disc_etcd_json_add_key (b, "name", leader->name);
  _disc_etcd_json_add_key (b, "key", leader->key);
  _disc_etcd_json_add_int64 (b, "rev", leader->rev);
  _disc_etcd_json_add_int64 (b, "lease", leader->lease);
  json_builder_end_object (b);
  _disc_etcd_client_call (self, "/v3/election/resign", b, TRUE, cancellable,
                          disc_etcd_client_resign_async, callback, user_data);
}

/**
 * disc_etcd_client_resign_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a %DISC_ETCD_ERROR error
 *
 * Finishes [method@Disc.EtcdClient.resign_async].
 *
 * Returns: whether etcd took the resignation
 *
 * Since: 0.2
 */
gboolean
disc_etcd_client_resign_finish (DiscEtcdClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return _disc_etcd_client_call_taken (self, result, error);
}
