/* disc-bridge-forward.c: --forward for a DiscBridge: messages of the
 * forward channel put into etcd by the leader, and other LANs' re-sent
 * on this LAN, rate-limited
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include <string.h>

#include "disc-bridge-private.h"

#define FORWARD_RATE 20
#define FORWARD_BURST 40

/* ---- Forwarding ----------------------------------------------------- */

static void
on_forward_put (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!disc_etcd_client_txn_finish (self->client, result, NULL, NULL, &error) &&
      _disc_bridge_is_running (self))
    _disc_bridge_say_error (self, error);
}

static void
on_lan_message (DiscDiscovery *discovery,
                const char    *channel,
                JsonNode      *data,
                DiscNode      *sender,
                gpointer       user_data)
{
  DiscBridge *self = user_data;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DiscEtcdTxn) txn = NULL;
  g_autoptr(GBytes) value = NULL;
  char *text;

  /* What a bridge sent came from another LAN: never send it back. */
  if (self->role != DISC_BRIDGE_ROLE_LEADER || !self->lan_lease_ok ||
      (sender != NULL && _disc_bridge_is_bridge_node (sender)))
    return;
  if (!disc_rate_limit_take (self->forward_limit, 0, _disc_bridge_now_ms ()))
    {
      g_debug ("bridge %s: forwarding on %s rate-limited", self->bridge_id, channel);
      return;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lan");
  json_builder_add_string_value (b, self->lan);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, sender != NULL ? disc_node_get_id (sender) : "");
  json_builder_set_member_name (b, "data");
  if (data != NULL)
    json_builder_add_value (b, json_node_copy (data));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  value = g_bytes_new_take (text, strlen (text));
  txn = disc_etcd_txn_new ();
  disc_etcd_txn_put (txn, self->forward_key, value, self->lan_lease);
  disc_etcd_client_txn_async (self->client, txn, self->cancellable, on_forward_put,
                              g_object_ref (self));
}

static void
on_forward_seen (DiscEtcdWatch    *watch,
                 DiscEtcdKeyValue *kv,
                 gpointer          user_data)
{
  DiscBridge *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *data;
  gsize len;
  const char *text = g_bytes_get_data (kv->value, &len);

  if (self->role != DISC_BRIDGE_ROLE_LEADER || strcmp (kv->key, self->forward_key) == 0)
    return;
  if (text == NULL || !json_parser_load_from_data (parser, text, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  data = json_object_get_member (object, "data");
  if (!disc_discovery_send (self->discovery, self->forward_channel, data, &error))
    _disc_bridge_say_error (self, error);
}

void
_disc_bridge_start_forwarding (DiscBridge *self)
{
  g_autofree char *cluster = disc_mirror_escape (self->cluster);
  g_autofree char *channel = disc_mirror_escape (self->forward_channel);
  g_autofree char *lan = disc_mirror_escape (self->lan);
  g_autofree char *prefix = g_strdup_printf ("/disc-forward/%s/%s/", cluster, channel);
  g_autofree char *signal = g_strdup_printf ("message::%s", self->forward_channel);

  self->forward_key = g_strconcat (prefix, lan, NULL);
  self->forward_limit = disc_rate_limit_new (FORWARD_RATE, FORWARD_BURST, 1);
  disc_discovery_join (self->discovery, self->forward_channel);
  g_signal_connect_object (self->discovery, signal, G_CALLBACK (on_lan_message), self, 0);
  self->forward_watch = disc_etcd_watch_new (self->client, prefix);
  g_signal_connect_object (self->forward_watch, "put", G_CALLBACK (on_forward_seen), self, 0);
}
