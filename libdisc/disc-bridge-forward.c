/* disc-bridge-forward.c: --forward for a DiscBridge: messages of the
 * forward channel put into etcd by the leader, and other LANs' re-sent
 * on this LAN, rate-limited both ways; what is refused is counted and
 * told once per burst
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include <string.h>

#include "disc-bridge-private.h"
#include "disc-error.h"

/* Per LAN, both ways (property@Disc.Bridge:forward-channel documents
 * them). Anyone who can write to etcd chooses the keys, so a per-key
 * limit alone does not bound what reaches the LAN: all keys together
 * have one too. */
#define FORWARD_RATE 20
#define FORWARD_BURST 40
#define FORWARD_TOTAL_RATE 100
#define FORWARD_TOTAL_BURST 200
#define FORWARD_MAX_KEYS 256
/* Refusals less than this apart are one burst, told once. */
#define REFUSED_QUIET_MS (60 * 1000)

/* ---- Refusals ------------------------------------------------------- */

static void
refuse (DiscBridge        *self,
        DiscBridgeRefusal  reason,
        const char        *lan)
{
  gint64 now = _disc_bridge_now_ms ();
  gboolean burst_starts = self->forward_refused[reason] == 0 ||
                          now - self->forward_refused_ms[reason] >= REFUSED_QUIET_MS;

  self->forward_refused[reason]++;
  self->forward_refused_ms[reason] = now;
  g_debug ("bridge %s: forwarded message from %s refused (%d)", self->bridge_id,
           lan != NULL ? lan : "?", reason);
  if (burst_starts)
    _disc_bridge_emit_forward_refused (self, reason, lan);
}

/* The LAN whose key @key is, or NULL for a key no bridge writes; a
 * signal's string is UTF-8, for the bindings. */
static char *
lan_of_key (DiscBridge *self,
            const char *key)
{
  const char *prefix = disc_etcd_watch_get_prefix (self->forward_watch);
  g_autofree char *lan = NULL;

  if (!g_str_has_prefix (key, prefix) || strchr (key + strlen (prefix), '/') != NULL)
    return NULL;
  lan = disc_mirror_unescape (key + strlen (prefix));
  if (lan == NULL || !g_utf8_validate (lan, -1, NULL))
    return NULL;
  return g_steal_pointer (&lan);
}

/* Whether one more message from @key may go onto the LAN now. Keys are
 * told apart by their hash: a writer that made two keys share a bucket
 * could as well have written under the other key itself. */
static gboolean
take_incoming (DiscBridge *self,
               const char *key)
{
  gint64 now = _disc_bridge_now_ms ();

  return disc_rate_limit_take (self->forward_in_limit, g_str_hash (key), now) &&
         disc_rate_limit_take (self->forward_in_total, 0, now);
}

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
      refuse (self, DISC_BRIDGE_REFUSAL_RATE_LIMITED, self->lan);
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lan = NULL;
  JsonObject *object;
  JsonNode *data;

  if (self->role != DISC_BRIDGE_ROLE_LEADER || strcmp (kv->key, self->forward_key) == 0)
    return;
  lan = lan_of_key (self, kv->key);
  /* Before parsing: a flood costs no more than the limits let in. */
  if (!take_incoming (self, kv->key))
    {
      refuse (self, DISC_BRIDGE_REFUSAL_RATE_LIMITED, lan);
      return;
    }
  root = disc_bridge_parse_value (kv->value, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      refuse (self, DISC_BRIDGE_REFUSAL_MALFORMED, lan);
      return;
    }
  object = json_node_get_object (root);
  data = json_object_get_member (object, "data");
  if (disc_discovery_send (self->discovery, self->forward_channel, data, &error))
    return;
  if (g_error_matches (error, DISC_ERROR, DISC_ERROR_INVALID_DATA) ||
      g_error_matches (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE))
    refuse (self, DISC_BRIDGE_REFUSAL_MALFORMED, lan);
  else
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
  self->forward_in_limit = disc_rate_limit_new (FORWARD_RATE, FORWARD_BURST, FORWARD_MAX_KEYS);
  self->forward_in_total = disc_rate_limit_new (FORWARD_TOTAL_RATE, FORWARD_TOTAL_BURST, 1);
  disc_discovery_join (self->discovery, self->forward_channel);
  g_signal_connect_object (self->discovery, signal, G_CALLBACK (on_lan_message), self, 0);
  self->forward_watch = disc_etcd_watch_new (self->client, prefix);
  g_signal_connect_object (self->forward_watch, "put", G_CALLBACK (on_forward_seen), self, 0);
}
