/* disc-bridge.c: mirror a LAN's membership into etcd: the DiscBridge
 * object, its properties, start and the steps it goes through (leases in
 * disc-bridge-leader.c, writes in -sync.c, --forward in -forward.c,
 * stopping in -stop.c)
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include "disc-bridge.h"
#include "disc-bridge-private.h"
#include "disc-enums.h"
#include "disc-error.h"

/**
 * DiscBridge:
 *
 * Mirrors the membership of one LAN, as a [class@Disc.Discovery] sees it,
 * into etcd, so that every LAN's nodes can be seen from anywhere without a
 * wide-area protocol of libdisc's own. Discovery stays broadcast inside
 * each LAN; only membership *changes* cross into etcd.
 *
 * ## Key layout
 *
 * Under `/disc/<cluster>/<lan>/` ([func@Disc.Bridge.cluster_prefix]):
 *
 * - `nodes/<id>`: the node as node-discovery's JSON node object, without
 *   `lastSeen` (it changes with every hello). Bridges' own nodes are left
 *   out (see %DISC_BRIDGE_INFO_MEMBER).
 * - `masters/<id>`: the id of each master, as a JSON string.
 * - `bridges/<id>`: each running bridge of the LAN.
 * - `election/…`: etcd's election keys.
 *
 * Every segment is escaped (bytes other than `A-Z a-z 0-9 - _` become
 * `%XX`), so a hostile id cannot name a key outside its own.
 *
 * ## Liveness and leadership
 *
 * Liveness stays on the LAN: libdisc's timeouts and goodbyes decide when
 * a node key goes. etcd leases only say whether a bridge of the LAN is
 * alive. Every bridge of a LAN keeps one shared LAN lease alive (its ID is
 * derived from the cluster and LAN names, so they all find it); node and
 * master keys are attached to it, so they go TTL after the last bridge
 * died, and a takeover between bridges changes no node key. Each bridge
 * also has a lease of its own, for its `bridges/` key and its election
 * candidacy.
 *
 * One bridge leads, chosen by etcd's election API; every write is a
 * transaction fenced on the leader's election key, so a deposed bridge
 * cannot write. Writes are coalesced (a few ms), at most
 * %DISC_ETCD_MAX_TXN_OPS operations a transaction, and only for keys that
 * changed: a steady LAN costs keepalives only. A new leader, or a leader
 * after etcd came back, reads the LAN's keys with one range and writes
 * only the difference.
 *
 * [method@Disc.Bridge.stop_async] resigns at once (a standby takes over
 * without waiting for a lease), and when no other bridge of the LAN is
 * left revokes the LAN lease, which removes the LAN from etcd.
 *
 * With [property@Disc.Bridge:forward-channel], messages on that channel
 * are carried between LANs: the leader of each LAN puts what it hears
 * under `/disc-forward/<cluster>/<channel>/<lan>` and re-sends on its LAN
 * what other LANs put there, rate-limited both ways. Messages sent by
 * bridges are never forwarded, so nothing echoes or loops. What is not
 * carried is counted ([method@Disc.Bridge.get_forward_refused]) and told
 * once per burst ([signal@Disc.Bridge::forward-refused]).
 *
 * Nothing here blocks: every etcd call is asynchronous on the main
 * context of the discovery.
 *
 * Since: 0.2
 */

enum {
  PROP_0,
  PROP_DISCOVERY,
  PROP_CLIENT,
  PROP_CLUSTER,
  PROP_LAN,
  PROP_TTL,
  PROP_FORWARD_CHANNEL,
  PROP_ROLE,
  N_PROPS
};

enum {
  SIGNAL_ERROR,
  SIGNAL_FORWARD_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define DEFAULT_TTL_S 5
#define MIN_TTL_S 2
/* Changes within this window go in one transaction. */
#define COALESCE_MS 5

G_DEFINE_FINAL_TYPE (DiscBridge, disc_bridge, G_TYPE_OBJECT)

/* ---- State ---------------------------------------------------------- */

gint64
_disc_bridge_now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

gboolean
_disc_bridge_is_running (DiscBridge *self)
{
  return self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable);
}

void
_disc_bridge_set_role (DiscBridge     *self,
                       DiscBridgeRole  role)
{
  if (self->role == role)
    return;
  g_debug ("bridge %s of %s: role %d", self->bridge_id, self->lan, role);
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

void
_disc_bridge_say_error (DiscBridge   *self,
                        const GError *error)
{
  if (self->failing)
    return;
  self->failing = TRUE;
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

void
_disc_bridge_emit_forward_refused (DiscBridge        *self,
                                   DiscBridgeRefusal  reason,
                                   const char        *lan)
{
  g_signal_emit (self, signals[SIGNAL_FORWARD_REFUSED], 0, reason, lan);
}

gboolean
_disc_bridge_on_retry (gpointer user_data)
{
  DiscBridge *self = user_data;

  self->retry_id = 0;
  _disc_bridge_advance (self);
  return G_SOURCE_REMOVE;
}

/* A call failed (etcd unreachable for every endpoint, mostly): say so
 * once, and try again in a while. */
void
_disc_bridge_failed (DiscBridge   *self,
                     const GError *error)
{
  self->busy = FALSE;
  g_debug ("bridge %s: %s", self->bridge_id, error->message);
  _disc_bridge_say_error (self, error);
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add (RETRY_MS, _disc_bridge_on_retry, self);
}

void
_disc_bridge_succeeded (DiscBridge *self)
{
  self->busy = FALSE;
  self->failing = FALSE;
}

/* A re-sync makes the store what this bridge sees, deleting the rest; a
 * bridge that began listening less than master-timeout ago may not have
 * heard every live node yet (each says hello within that time), so it
 * waits that long before its first re-sync instead of deleting live
 * nodes that a clean handover to it should have kept. */
static gboolean
warming_up (DiscBridge *self)
{
  guint master_timeout = 0;
  gint64 remaining;

  g_object_get (self->discovery, "master-timeout", &master_timeout, NULL);
  remaining = self->listening_since_ms + master_timeout - _disc_bridge_now_ms ();
  if (remaining <= 0)
    return FALSE;
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add ((guint) remaining, _disc_bridge_on_retry, self);
  return TRUE;
}

/* The next step towards "leading and in step", or "standing by": one call
 * at a time besides keepalives and the campaign. */
void
_disc_bridge_advance (DiscBridge *self)
{
  if (!_disc_bridge_is_running (self) || self->busy || self->retry_id != 0)
    return;

  if (self->own_lease == 0 || !self->lan_lease_ok)
    {
      self->busy = TRUE;
      _disc_bridge_grant_lease (self, self->own_lease != 0);
    }
  else if (!self->bridge_key_written)
    {
      self->busy = TRUE;
      _disc_bridge_write_bridge_key (self);
    }
  else if (self->leader == NULL)
    {
      if (!self->campaigning)
        _disc_bridge_campaign (self);
    }
  else if (self->need_resync && warming_up (self))
    ;   /* warming_up() set a timer to come back */
  else if (self->need_resync)
    {
      self->busy = TRUE;
      disc_etcd_client_range_async (self->client, disc_mirror_get_prefix (self->mirror), TRUE,
                                    self->cancellable, _disc_bridge_on_resync_range,
                                    g_object_ref (self));
    }
  else
    _disc_bridge_schedule_flush (self);
}

/* ---- Public API ----------------------------------------------------- */

/**
 * disc_bridge_new:
 * @discovery: the LAN's node the bridge runs on; best made not master
 *   eligible, so that the bridge never leads the LAN itself
 * @client: the etcd client to write with
 * @cluster: the cluster's name: the first level under `/disc/`
 * @lan: this LAN's name
 *
 * Makes a bridge of @discovery's LAN into etcd. Nothing happens before
 * [method@Disc.Bridge.start].
 *
 * Returns: (transfer full): a new bridge
 *
 * Since: 0.2
 */
DiscBridge *
disc_bridge_new (DiscDiscovery  *discovery,
                 DiscEtcdClient *client,
                 const char     *cluster,
                 const char     *lan)
{
  g_return_val_if_fail (DISC_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (DISC_IS_ETCD_CLIENT (client), NULL);
  g_return_val_if_fail (cluster != NULL && *cluster != '\0', NULL);
  g_return_val_if_fail (lan != NULL && *lan != '\0', NULL);

  return g_object_new (DISC_TYPE_BRIDGE, "discovery", discovery, "client", client,
                       "cluster", cluster, "lan", lan, NULL);
}

/* The bridge's own node says it is one, so that bridges leave each
 * other out of nodes/; what else it advertises is kept. */
static gboolean
mark_own_node (DiscBridge  *self,
               GError     **error)
{
  DiscNode *me = disc_discovery_get_me (self->discovery);
  JsonNode *info = disc_node_get_info (me);
  g_autoptr(JsonNode) marked = NULL;
  JsonObject *object;

  if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
    marked = json_node_copy (info);
  else
    {
      marked = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (marked, json_object_new ());
      if (info != NULL && !JSON_NODE_HOLDS_NULL (info))
        json_object_set_member (json_node_get_object (marked), "info", json_node_copy (info));
    }
  object = json_node_get_object (marked);
  json_object_set_string_member (object, DISC_BRIDGE_INFO_MEMBER, self->lan);
  return disc_discovery_advertise (self->discovery, marked, error);
}

/**
 * disc_bridge_start:
 * @self: a bridge
 * @error: return location for a %DISC_ERROR error
 *
 * Starts mirroring. The bridge marks its own node as a bridge (see
 * %DISC_BRIDGE_INFO_MEMBER), grants its leases, registers under
 * `bridges/`, and campaigns to lead the LAN's bridges, all in the
 * background; [property@Disc.Bridge:role] and [signal@Disc.Bridge::error]
 * say how it goes. Start it before the discovery, so that the node's first
 * hello already says it is a bridge (other bridges would otherwise list
 * it under `nodes/` for a moment).
 *
 * Returns: %TRUE when started; %FALSE with an error of
 *   [method@Disc.Discovery.advertise] or %DISC_ERROR_INVALID_CHANNEL for a
 *   bad [property@Disc.Bridge:forward-channel]
 *
 * Since: 0.2
 */
gboolean
disc_bridge_start (DiscBridge  *self,
                   GError     **error)
{
  GListModel *nodes;
  guint interval;

  g_return_val_if_fail (DISC_IS_BRIDGE (self), FALSE);
  g_return_val_if_fail (self->role == DISC_BRIDGE_ROLE_STOPPED, FALSE);

  if (self->forward_channel != NULL &&
      !disc_channel_name_is_valid (self->forward_channel, error))
    return FALSE;
  if (!mark_own_node (self, error))
    return FALSE;

  self->bridge_id = g_strdup (disc_node_get_id (disc_discovery_get_me (self->discovery)));
  self->mirror = disc_mirror_new (self->cluster, self->lan, COALESCE_MS);
  self->bridge_key = disc_mirror_key (self->mirror, "bridges", self->bridge_id);
  self->election_name = g_strconcat (disc_mirror_get_prefix (self->mirror), "election", NULL);
  self->lan_lease = _disc_bridge_lan_lease_id (disc_mirror_get_prefix (self->mirror));
  self->cancellable = g_cancellable_new ();
  self->need_resync = TRUE;
  self->listening_since_ms = _disc_bridge_now_ms ();

  nodes = disc_discovery_get_nodes (self->discovery);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (nodes, i);

      _disc_bridge_on_node_seen (self->discovery, node, self);
    }
  g_signal_connect_object (self->discovery, "added", G_CALLBACK (_disc_bridge_on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "hello", G_CALLBACK (_disc_bridge_on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "master", G_CALLBACK (_disc_bridge_on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "removed", G_CALLBACK (_disc_bridge_on_node_removed), self, 0);

  if (self->forward_channel != NULL)
    _disc_bridge_start_forwarding (self);

  /* Three keepalives per TTL: one may be lost without the lease going. */
  interval = MAX (self->ttl_s * 1000 / 3, 300);
  self->keepalive_id = g_timeout_add (interval, _disc_bridge_on_keepalive_tick, self);
  _disc_bridge_set_role (self, DISC_BRIDGE_ROLE_STANDBY);
  _disc_bridge_advance (self);
  return TRUE;
}

/**
 * disc_bridge_get_discovery:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:discovery].
 *
 * Returns: (transfer none): the LAN's node the bridge runs on
 *
 * Since: 0.2
 */
DiscDiscovery *
disc_bridge_get_discovery (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), NULL);
  return self->discovery;
}

/**
 * disc_bridge_get_client:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:client].
 *
 * Returns: (transfer none): the etcd client
 *
 * Since: 0.2
 */
DiscEtcdClient *
disc_bridge_get_client (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), NULL);
  return self->client;
}

/**
 * disc_bridge_get_cluster:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:cluster].
 *
 * Returns: the cluster's name
 *
 * Since: 0.2
 */
const char *
disc_bridge_get_cluster (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), NULL);
  return self->cluster;
}

/**
 * disc_bridge_get_lan:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:lan].
 *
 * Returns: the LAN's name
 *
 * Since: 0.2
 */
const char *
disc_bridge_get_lan (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), NULL);
  return self->lan;
}

/**
 * disc_bridge_get_ttl:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:ttl].
 *
 * Returns: the leases' time to live, in seconds
 *
 * Since: 0.2
 */
guint
disc_bridge_get_ttl (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), 0);
  return self->ttl_s;
}

/**
 * disc_bridge_set_ttl:
 * @self: a bridge, not started
 * @ttl_s: the leases' time to live, in seconds (at least 2, etcd's
 *   minimum with its default timers)
 *
 * Sets [property@Disc.Bridge:ttl].
 *
 * Since: 0.2
 */
void
disc_bridge_set_ttl (DiscBridge *self,
                     guint       ttl_s)
{
  g_return_if_fail (DISC_IS_BRIDGE (self));
  g_return_if_fail (ttl_s >= MIN_TTL_S);
  g_return_if_fail (self->role == DISC_BRIDGE_ROLE_STOPPED);
  if (self->ttl_s == ttl_s)
    return;
  self->ttl_s = ttl_s;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TTL]);
}

/**
 * disc_bridge_get_forward_channel:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:forward-channel].
 *
 * Returns: (nullable): the channel carried between LANs, or %NULL
 *
 * Since: 0.2
 */
const char *
disc_bridge_get_forward_channel (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), NULL);
  return self->forward_channel;
}

/**
 * disc_bridge_set_forward_channel:
 * @self: a bridge, not started
 * @channel: (nullable): a channel to carry between LANs, or %NULL
 *
 * Sets [property@Disc.Bridge:forward-channel].
 *
 * Since: 0.2
 */
void
disc_bridge_set_forward_channel (DiscBridge *self,
                                 const char *channel)
{
  g_return_if_fail (DISC_IS_BRIDGE (self));
  g_return_if_fail (self->role == DISC_BRIDGE_ROLE_STOPPED);
  if (g_strcmp0 (self->forward_channel, channel) == 0)
    return;
  g_free (self->forward_channel);
  self->forward_channel = g_strdup (channel);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORWARD_CHANNEL]);
}

/**
 * disc_bridge_get_role:
 * @self: a bridge
 *
 * Gets [property@Disc.Bridge:role].
 *
 * Returns: what the bridge does now
 *
 * Since: 0.2
 */
DiscBridgeRole
disc_bridge_get_role (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), DISC_BRIDGE_ROLE_STOPPED);
  return self->role;
}

/**
 * disc_bridge_get_writes:
 * @self: a bridge
 *
 * Counts the membership transactions etcd applied for this bridge
 * (keepalives, registration and forwarded messages not counted): the
 * bridge's cost, which a steady LAN leaves unchanged.
 *
 * Returns: how many transactions were applied
 *
 * Since: 0.2
 */
guint64
disc_bridge_get_writes (DiscBridge *self)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), 0);
  return self->writes;
}

/**
 * disc_bridge_get_forward_refused:
 * @self: a bridge
 * @reason: why
 *
 * Counts the messages of [property@Disc.Bridge:forward-channel] that
 * were not carried for @reason, in both directions, since @self was
 * made.
 *
 * Returns: how many messages were refused for @reason
 *
 * Since: 0.2
 */
guint64
disc_bridge_get_forward_refused (DiscBridge        *self,
                                 DiscBridgeRefusal  reason)
{
  g_return_val_if_fail (DISC_IS_BRIDGE (self), 0);
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (self->forward_refused), 0);
  return self->forward_refused[reason];
}

/**
 * disc_bridge_cluster_prefix:
 * @cluster: a cluster's name
 *
 * Builds the prefix under which every LAN of @cluster is:
 * `/disc/<cluster>/`, escaped. A range or a watch of it sees them all.
 *
 * Returns: (transfer full): the prefix
 *
 * Since: 0.2
 */
char *
disc_bridge_cluster_prefix (const char *cluster)
{
  g_return_val_if_fail (cluster != NULL, NULL);
  return disc_mirror_cluster_prefix (cluster);
}

/**
 * disc_bridge_parse_key:
 * @cluster: a cluster's name
 * @key: a key read from etcd
 * @lan: (out) (optional) (transfer full): the LAN's name, unescaped
 * @id: (out) (optional) (transfer full): the node's, master's or bridge's
 *   id, unescaped
 *
 * Says what a key of @cluster is, for readers of the store.
 *
 * Returns: the kind of key; %DISC_BRIDGE_KEY_OTHER (and @lan and @id
 *   untouched) for keys outside the layout or badly escaped
 *
 * Since: 0.2
 */
DiscBridgeKeyKind
disc_bridge_parse_key (const char  *cluster,
                       const char  *key,
                       char       **lan,
                       char       **id)
{
  g_return_val_if_fail (cluster != NULL && key != NULL, DISC_BRIDGE_KEY_OTHER);
  return (DiscBridgeKeyKind) disc_mirror_parse_key (cluster, key, lan, id);
}

/**
 * disc_bridge_parse_value:
 * @value: a value read from etcd under a cluster's prefix
 * @error: return location for a #GError, or %NULL
 *
 * Reads a value a bridge wrote (a node, or a forwarded message) as JSON,
 * for readers of the store. Anyone who can write to etcd chooses the
 * values, so the same limits hold as for a datagram (doc/protocol.md,
 * "Limits"): at most 64 KiB, UTF-8 JSON nested at most 64 levels deep.
 * The JSON parser recurses once per level, so a value nested a million
 * levels deep would otherwise overflow the reader's stack.
 *
 * Returns: (transfer full) (nullable): the value's JSON; %NULL with
 *   @error set (%DISC_ERROR_INVALID_DATA) if it is larger, nested deeper
 *   or not JSON
 *
 * Since: 0.2
 */
JsonNode *
disc_bridge_parse_value (GBytes  *value,
                         GError **error)
{
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return disc_mirror_parse_value (value, error);
}

/* ---- GObject -------------------------------------------------------- */

static void
disc_bridge_dispose (GObject *object)
{
  DiscBridge *self = DISC_BRIDGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->forward_watch != NULL)
    disc_etcd_watch_cancel (self->forward_watch);
  g_clear_object (&self->forward_watch);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (disc_bridge_parent_class)->dispose (object);
}

static void
disc_bridge_finalize (GObject *object)
{
  DiscBridge *self = DISC_BRIDGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->campaign_cancellable);
  g_clear_pointer (&self->leader, disc_etcd_leader_free);
  g_clear_pointer (&self->mirror, disc_mirror_free);
  g_clear_pointer (&self->forward_limit, disc_rate_limit_free);
  g_clear_pointer (&self->forward_in_limit, disc_rate_limit_free);
  g_clear_pointer (&self->forward_in_total, disc_rate_limit_free);
  g_free (self->cluster);
  g_free (self->lan);
  g_free (self->forward_channel);
  g_free (self->bridge_id);
  g_free (self->bridge_key);
  g_free (self->election_name);
  g_free (self->forward_key);
  G_OBJECT_CLASS (disc_bridge_parent_class)->finalize (object);
}

static void
disc_bridge_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DiscBridge *self = DISC_BRIDGE (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY: g_value_set_object (value, self->discovery); break;
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_CLUSTER: g_value_set_string (value, self->cluster); break;
    case PROP_LAN: g_value_set_string (value, self->lan); break;
    case PROP_TTL: g_value_set_uint (value, self->ttl_s); break;
    case PROP_FORWARD_CHANNEL: g_value_set_string (value, self->forward_channel); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_bridge_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DiscBridge *self = DISC_BRIDGE (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY: self->discovery = g_value_dup_object (value); break;
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    case PROP_CLUSTER: self->cluster = g_value_dup_string (value); break;
    case PROP_LAN: self->lan = g_value_dup_string (value); break;
    case PROP_TTL: disc_bridge_set_ttl (self, g_value_get_uint (value)); break;
    case PROP_FORWARD_CHANNEL: disc_bridge_set_forward_channel (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_bridge_class_init (DiscBridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_bridge_dispose;
  object_class->finalize = disc_bridge_finalize;
  object_class->get_property = disc_bridge_get_property;
  object_class->set_property = disc_bridge_set_property;

  /**
   * DiscBridge:discovery:
   *
   * The LAN's node the bridge runs on.
   *
   * Since: 0.2
   */
  properties[PROP_DISCOVERY] =
    g_param_spec_object ("discovery", NULL, NULL, DISC_TYPE_DISCOVERY, construct_only);

  /**
   * DiscBridge:client:
   *
   * The etcd client the bridge writes with.
   *
   * Since: 0.2
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, DISC_TYPE_ETCD_CLIENT, construct_only);

  /**
   * DiscBridge:cluster:
   *
   * The cluster's name: keys go under `/disc/<cluster>/`.
   *
   * Since: 0.2
   */
  properties[PROP_CLUSTER] =
    g_param_spec_string ("cluster", NULL, NULL, NULL, construct_only);

  /**
   * DiscBridge:lan:
   *
   * This LAN's name: keys go under `/disc/<cluster>/<lan>/`. Every
   * bridge of one LAN must give the same.
   *
   * Since: 0.2
   */
  properties[PROP_LAN] =
    g_param_spec_string ("lan", NULL, NULL, NULL, construct_only);

  /**
   * DiscBridge:ttl:
   *
   * The time to live of the leases, in seconds: when every bridge of the
   * LAN died, its keys go this long after (plus up to 0.5 s); a leader's
   * death is taken over within about as long. Set before starting.
   *
   * Since: 0.2
   */
  properties[PROP_TTL] =
    g_param_spec_uint ("ttl", NULL, NULL, MIN_TTL_S, 3600, DEFAULT_TTL_S, rw);

  /**
   * DiscBridge:forward-channel:
   *
   * A channel whose messages are carried to and from the other LANs of
   * the cluster, or %NULL. Set before starting.
   *
   * The leading bridge puts what it hears on the channel under
   * `/disc-forward/<cluster>/<channel>/<lan>`, at most 20 messages a
   * second (bursts of 40), and re-sends on its LAN the values put under
   * the other keys there, whoever wrote them, within two limits: 20
   * messages a second (bursts of 40) per key, and 100 a second (bursts of
   * 200) for all keys together, so that no etcd writer can flood the LAN.
   * A value larger than 64 KiB, not a JSON object, or whose `data` the
   * LAN's nodes would not take, is not re-sent either. Messages refused
   * are counted by [method@Disc.Bridge.get_forward_refused] and told by
   * [signal@Disc.Bridge::forward-refused].
   *
   * Since: 0.2
   */
  properties[PROP_FORWARD_CHANNEL] =
    g_param_spec_string ("forward-channel", NULL, NULL, NULL, rw);

  /**
   * DiscBridge:role:
   *
   * What the bridge does now: stopped, standing by, or leading (writing).
   *
   * Since: 0.2
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, DISC_TYPE_BRIDGE_ROLE, DISC_BRIDGE_ROLE_STOPPED, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DiscBridge::error:
   * @self: the bridge
   * @error: what failed
   *
   * An etcd call failed; the bridge tries again by itself. Emitted once
   * until a call succeeds again, not per retry.
   *
   * Since: 0.2
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * DiscBridge::forward-refused:
   * @self: the bridge
   * @reason: why messages are being refused
   * @lan: (nullable): the LAN the message that started it came from (this
   *   LAN's name for messages heard here); %NULL when its etcd key is not
   *   one a bridge writes, or names a LAN that is not UTF-8
   *
   * Messages of [property@Disc.Bridge:forward-channel] began to be
   * refused for @reason: the first such refusal, or the first after a
   * minute without one. Emitted at most once a minute per reason whatever
   * the rate of refusals, so that a flood is told once; every refusal is
   * counted by [method@Disc.Bridge.get_forward_refused].
   *
   * Since: 0.2
   */
  signals[SIGNAL_FORWARD_REFUSED] =
    g_signal_new ("forward-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  DISC_TYPE_BRIDGE_REFUSAL, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
disc_bridge_init (DiscBridge *self)
{
  self->ttl_s = DEFAULT_TTL_S;
}
