/* disc-bridge.c: mirror a LAN's membership into etcd
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include <string.h>

#include "disc-bridge.h"
#include "disc-enums.h"
#include "disc-error.h"
#include "disc-etcd-watch.h"
#include "disc-mirror.h"
#include "disc-rate-limit.h"

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
 * what other LANs put there, rate-limited. Messages sent by bridges are
 * never forwarded, so nothing echoes or loops.
 *
 * Nothing here blocks: every etcd call is asynchronous on the main
 * context of the discovery.
 *
 * Since: 0.2
 */

#define DEFAULT_TTL_S 5
#define MIN_TTL_S 2
/* Changes within this window go in one transaction. */
#define COALESCE_MS 5
#define RETRY_MS 1000
#define FORWARD_RATE 20
#define FORWARD_BURST 40

struct _DiscBridge
{
  GObject          parent_instance;

  DiscDiscovery   *discovery;
  DiscEtcdClient  *client;
  char            *cluster;
  char            *lan;
  guint            ttl_s;
  char            *forward_channel;
  DiscBridgeRole   role;

  DiscMirror      *mirror;
  char            *bridge_id;
  char            *bridge_key;
  char            *election_name;
  gint64           lan_lease;      /* derived from the names */
  gint64           own_lease;      /* 0 until granted */
  gboolean         lan_lease_ok;
  gboolean         bridge_key_written;
  gboolean         need_resync;
  DiscEtcdLeader  *leader;

  GCancellable    *cancellable;    /* every call while running */
  GCancellable    *campaign_cancellable;
  gboolean         busy;           /* a setup, resync or flush call is out */
  gboolean         campaigning;
  guint            retry_id;
  guint            flush_id;
  gint64           flush_at;
  guint            keepalive_id;
  gboolean         own_keepalive_out;  /* one keepalive per lease at a time */
  gboolean         lan_keepalive_out;
  gboolean         failing;
  guint64          writes;         /* transactions applied */

  DiscEtcdWatch   *forward_watch;
  DiscRateLimit   *forward_limit;
  char            *forward_key;
};

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DiscBridge, disc_bridge, G_TYPE_OBJECT)

static void advance (DiscBridge *self);
static void schedule_flush (DiscBridge *self);

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static gboolean
is_running (DiscBridge *self)
{
  return self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable);
}

static void
set_role (DiscBridge     *self,
          DiscBridgeRole  role)
{
  if (self->role == role)
    return;
  g_debug ("bridge %s of %s: role %d", self->bridge_id, self->lan, role);
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

static void
say_error (DiscBridge   *self,
           const GError *error)
{
  if (self->failing)
    return;
  self->failing = TRUE;
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static gboolean
on_retry (gpointer user_data)
{
  DiscBridge *self = user_data;

  self->retry_id = 0;
  advance (self);
  return G_SOURCE_REMOVE;
}

/* A call failed (etcd unreachable for every endpoint, mostly): say so
 * once, and try again in a while. */
static void
failed (DiscBridge   *self,
        const GError *error)
{
  self->busy = FALSE;
  g_debug ("bridge %s: %s", self->bridge_id, error->message);
  say_error (self, error);
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add (RETRY_MS, on_retry, self);
}

static void
succeeded (DiscBridge *self)
{
  self->busy = FALSE;
  self->failing = FALSE;
}

/* ---- Leases --------------------------------------------------------- */

/* Bridges of one LAN share its lease: its ID is a 63-bit FNV-1a hash of
 * the LAN's prefix, so each finds the one the first granted. */
static gint64
lan_lease_id (const char *prefix)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) prefix; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  hash &= G_GUINT64_CONSTANT (0x7fffffffffffffff);
  return hash != 0 ? (gint64) hash : 1;
}

static void
drop_leadership (DiscBridge *self)
{
  g_clear_pointer (&self->leader, disc_etcd_leader_free);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->need_resync = TRUE;
  if (self->role == DISC_BRIDGE_ROLE_LEADER)
    set_role (self, DISC_BRIDGE_ROLE_STANDBY);
}

static void
on_own_granted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = disc_etcd_client_lease_grant_finish (self->client, result, &error);

  if (!is_running (self))
    return;
  if (id == 0)
    {
      failed (self, error);
      return;
    }
  self->own_lease = id;
  succeeded (self);
  advance (self);
}

static void
on_lan_granted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = disc_etcd_client_lease_grant_finish (self->client, result, &error);

  if (!is_running (self))
    return;
  /* Another bridge of the LAN granted it first: it is ours too. */
  if (id == 0 && !g_error_matches (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_LEASE_EXISTS))
    {
      failed (self, error);
      return;
    }
  self->lan_lease_ok = TRUE;
  succeeded (self);
  advance (self);
}

static void
on_own_kept (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 ttl = disc_etcd_client_lease_keepalive_finish (self->client, result, &error);

  self->own_keepalive_out = FALSE;
  if (!is_running (self) || ttl != 0)
    return;   /* alive, or etcd unreachable: the next tick tries again */
  /* Expired (etcd was out of reach longer than the TTL): the election
   * key and the bridge key went with it. */
  g_debug ("bridge %s: own lease expired", self->bridge_id);
  self->own_lease = 0;
  self->bridge_key_written = FALSE;
  g_cancellable_cancel (self->campaign_cancellable);
  drop_leadership (self);
  advance (self);
}

static void
on_lan_kept (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 ttl = disc_etcd_client_lease_keepalive_finish (self->client, result, &error);

  self->lan_keepalive_out = FALSE;
  if (!is_running (self) || ttl != 0)
    return;
  /* Expired: every node key went with it. Grant it again and, if
   * leading, write the LAN again from one range. */
  g_debug ("bridge %s: LAN lease expired", self->bridge_id);
  self->lan_lease_ok = FALSE;
  self->need_resync = TRUE;
  advance (self);
}

static gboolean
on_keepalive_tick (gpointer user_data)
{
  DiscBridge *self = user_data;

  /* While etcd does not answer, a keepalive takes a few deadlines to
   * fail: do not pile more up behind it. */
  if (self->own_lease != 0 && !self->own_keepalive_out)
    {
      self->own_keepalive_out = TRUE;
      disc_etcd_client_lease_keepalive_async (self->client, self->own_lease, self->cancellable,
                                              on_own_kept, g_object_ref (self));
    }
  if (self->lan_lease_ok && !self->lan_keepalive_out)
    {
      self->lan_keepalive_out = TRUE;
      disc_etcd_client_lease_keepalive_async (self->client, self->lan_lease, self->cancellable,
                                              on_lan_kept, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* ---- Election ------------------------------------------------------- */

static void
on_campaign_won (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscEtcdLeader) leader = disc_etcd_client_campaign_finish (self->client, result, &error);

  self->campaigning = FALSE;
  if (!is_running (self))
    return;
  if (leader == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          advance (self);
          return;
        }
      say_error (self, error);
      if (self->retry_id == 0)
        self->retry_id = g_timeout_add (RETRY_MS, on_retry, self);
      return;
    }
  g_debug ("bridge %s leads %s (key %s, rev %" G_GINT64_FORMAT ")",
           self->bridge_id, self->lan, leader->key, leader->rev);
  self->leader = g_steal_pointer (&leader);
  self->need_resync = TRUE;
  set_role (self, DISC_BRIDGE_ROLE_LEADER);
  advance (self);
}

static void
campaign (DiscBridge *self)
{
  g_autoptr(GBytes) value = g_bytes_new (self->bridge_id, strlen (self->bridge_id));

  self->campaigning = TRUE;
  g_clear_object (&self->campaign_cancellable);
  self->campaign_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->campaign_cancellable, G_CONNECT_SWAPPED);
  disc_etcd_client_campaign_async (self->client, self->election_name, self->own_lease, value,
                                   self->campaign_cancellable, on_campaign_won,
                                   g_object_ref (self));
}

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
      if (is_running (self))
        failed (self, error);
      return;
    }
  if (!is_running (self))
    return;
  self->bridge_key_written = TRUE;
  succeeded (self);
  advance (self);
}

static void
write_bridge_key (DiscBridge *self)
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

static void
on_resync_range (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kvs = disc_etcd_client_range_finish (self->client, result, NULL, &error);

  if (!is_running (self))
    return;
  if (kvs == NULL)
    {
      failed (self, error);
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
  disc_mirror_end_resync (self->mirror, now_ms ());
  self->need_resync = FALSE;
  succeeded (self);
  advance (self);
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
    disc_mirror_batch_done (self->mirror, batch, answered && applied, now_ms ());
  if (!is_running (self))
    return;
  if (!answered)
    {
      failed (self, error);
      return;
    }
  succeeded (self);
  if (!applied)
    {
      /* The fence held: someone else leads now. */
      g_debug ("bridge %s: write fenced off, no longer leading", self->bridge_id);
      drop_leadership (self);
    }
  else
    self->writes++;
  advance (self);
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
  advance (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (DiscBridge *self)
{
  gint64 due, now;

  /* Writes need the LAN lease their keys go on, and leadership. */
  if (self->leader == NULL || self->need_resync || self->busy || !self->lan_lease_ok)
    return;
  due = disc_mirror_get_due (self->mirror);
  if (due < 0)
    return;
  now = now_ms ();
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

/* The next step towards "leading and in step", or "standing by": one call
 * at a time besides keepalives and the campaign. */
static void
advance (DiscBridge *self)
{
  if (!is_running (self) || self->busy || self->retry_id != 0)
    return;

  if (self->own_lease == 0)
    {
      self->busy = TRUE;
      disc_etcd_client_lease_grant_async (self->client, 0, self->ttl_s, self->cancellable,
                                          on_own_granted, g_object_ref (self));
    }
  else if (!self->lan_lease_ok)
    {
      self->busy = TRUE;
      disc_etcd_client_lease_grant_async (self->client, self->lan_lease, self->ttl_s,
                                          self->cancellable, on_lan_granted, g_object_ref (self));
    }
  else if (!self->bridge_key_written)
    {
      self->busy = TRUE;
      write_bridge_key (self);
    }
  else if (self->leader == NULL)
    {
      if (!self->campaigning)
        campaign (self);
    }
  else if (self->need_resync)
    {
      self->busy = TRUE;
      disc_etcd_client_range_async (self->client, disc_mirror_get_prefix (self->mirror), TRUE,
                                    self->cancellable, on_resync_range, g_object_ref (self));
    }
  else
    schedule_flush (self);
}

/* ---- The LAN -------------------------------------------------------- */

static gboolean
is_bridge_node (DiscNode *node)
{
  JsonNode *info = disc_node_get_info (node);

  return info != NULL && JSON_NODE_HOLDS_OBJECT (info) &&
         json_object_has_member (json_node_get_object (info), DISC_BRIDGE_INFO_MEMBER);
}

static void
on_node_seen (DiscDiscovery *discovery,
              DiscNode      *node,
              gpointer       user_data)
{
  DiscBridge *self = user_data;

  if (is_bridge_node (node))
    {
      /* A node that says it is a bridge only now: out of nodes/. */
      disc_mirror_remove_node (self->mirror, disc_node_get_id (node), now_ms ());
      schedule_flush (self);
      return;
    }
  disc_mirror_set_node (self->mirror, node, now_ms ());
  schedule_flush (self);
}

static void
on_node_removed (DiscDiscovery *discovery,
                 DiscNode      *node,
                 gpointer       user_data)
{
  DiscBridge *self = user_data;

  disc_mirror_remove_node (self->mirror, disc_node_get_id (node), now_ms ());
  schedule_flush (self);
}

/* ---- Forwarding ----------------------------------------------------- */

static void
on_forward_put (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!disc_etcd_client_txn_finish (self->client, result, NULL, NULL, &error) && is_running (self))
    say_error (self, error);
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
      (sender != NULL && is_bridge_node (sender)))
    return;
  if (!disc_rate_limit_take (self->forward_limit, 0, now_ms ()))
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
    say_error (self, error);
}

static void
start_forwarding (DiscBridge *self)
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
  self->lan_lease = lan_lease_id (disc_mirror_get_prefix (self->mirror));
  self->cancellable = g_cancellable_new ();
  self->need_resync = TRUE;

  nodes = disc_discovery_get_nodes (self->discovery);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (nodes, i);

      on_node_seen (self->discovery, node, self);
    }
  g_signal_connect_object (self->discovery, "added", G_CALLBACK (on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "hello", G_CALLBACK (on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "master", G_CALLBACK (on_node_seen), self, 0);
  g_signal_connect_object (self->discovery, "removed", G_CALLBACK (on_node_removed), self, 0);

  if (self->forward_channel != NULL)
    start_forwarding (self);

  /* Three keepalives per TTL: one may be lost without the lease going. */
  interval = MAX (self->ttl_s * 1000 / 3, 300);
  self->keepalive_id = g_timeout_add (interval, on_keepalive_tick, self);
  set_role (self, DISC_BRIDGE_ROLE_STANDBY);
  advance (self);
  return TRUE;
}

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

static void
stop_done (GTask *task)
{
  StopData *stop = g_task_get_task_data (task);

  if (stop->error != NULL)
    g_task_return_error (task, g_steal_pointer (&stop->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_own_revoked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!disc_etcd_client_lease_revoke_finish (DISC_ETCD_CLIENT (source), result, &error))
    keep_error (g_task_get_task_data (task), error);
  stop_done (task);
}

static void
revoke_own (GTask *task)
{
  StopData *stop = g_task_get_task_data (task);
  DiscBridge *self = g_task_get_source_object (task);

  if (stop->own_lease == 0)
    {
      stop_done (task);
      return;
    }
  disc_etcd_client_lease_revoke_async (self->client, stop->own_lease, g_task_get_cancellable (task),
                                       on_own_revoked, task);
}

static void
on_lan_revoked (GObject      *source,
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
                                       g_task_get_cancellable (task), on_lan_revoked, task);
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
  set_role (self, DISC_BRIDGE_ROLE_STOPPED);

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
    g_param_spec_object ("discovery", NULL, NULL, DISC_TYPE_DISCOVERY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DiscBridge:client:
   *
   * The etcd client the bridge writes with.
   *
   * Since: 0.2
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, DISC_TYPE_ETCD_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DiscBridge:cluster:
   *
   * The cluster's name: keys go under `/disc/<cluster>/`.
   *
   * Since: 0.2
   */
  properties[PROP_CLUSTER] =
    g_param_spec_string ("cluster", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DiscBridge:lan:
   *
   * This LAN's name: keys go under `/disc/<cluster>/<lan>/`. Every
   * bridge of one LAN must give the same.
   *
   * Since: 0.2
   */
  properties[PROP_LAN] =
    g_param_spec_string ("lan", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

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
    g_param_spec_uint ("ttl", NULL, NULL, MIN_TTL_S, 3600, DEFAULT_TTL_S,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * DiscBridge:forward-channel:
   *
   * A channel whose messages are carried to and from the other LANs of
   * the cluster, or %NULL. Set before starting.
   *
   * Since: 0.2
   */
  properties[PROP_FORWARD_CHANNEL] =
    g_param_spec_string ("forward-channel", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * DiscBridge:role:
   *
   * What the bridge does now: stopped, standing by, or leading (writing).
   *
   * Since: 0.2
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, DISC_TYPE_BRIDGE_ROLE, DISC_BRIDGE_ROLE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

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
}

static void
disc_bridge_init (DiscBridge *self)
{
  self->ttl_s = DEFAULT_TTL_S;
}
