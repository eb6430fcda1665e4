/* disc-discovery.c: the seed's Discovery on GSocket and GMainContext
 *
 * The GObject: signals, start and stop, the timers and sending; what each
 * received datagram means is in disc-discovery-receive.c, its properties
 * in disc-discovery-properties.c and its keyring methods in
 * disc-discovery-keyring.c. Everything else is delegated: options and
 * their checks to core/disc-options.c, passphrases to core/disc-keyring.c,
 * channel names to core/disc-channels.c, the codec and the membership to
 * the rest of core/, and the socket to disc-transport.c. Everything here
 * runs on the thread-default main context that was current when
 * disc_discovery_start() was called.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "disc-discovery.h"
#include "disc-discovery-private.h"
#include "disc-control-error.h"
#include "disc-error.h"
#include "disc-enums.h"
#include "disc-node-private.h"
#include "disc-transport.h"
#include "core/disc-aead.h"
#include "core/disc-channels.h"
#include "core/disc-codec.h"
#include "core/disc-hello-cache.h"
#include "core/disc-control.h"
#include "core/disc-drop-log.h"
#include "core/disc-hello.h"
#include "core/disc-keyring.h"
#include "core/disc-limits.h"
#include "core/disc-membership.h"
#include "core/disc-options.h"
#include "core/disc-rate-limit.h"
#include "core/disc-stats.h"

/**
 * DiscDiscovery:
 *
 * Automatic, decentralized discovery of processes on a LAN, with master
 * election, advertising and channel messaging: node-discovery 0.2's
 * `Discovery`, speaking its wire format.
 *
 * Each instance broadcasts a hello every [property@Disc.Discovery:hello-interval]
 * milliseconds and listens for everyone else's. The nodes it has heard
 * are in the live list model returned by [method@Disc.Discovery.get_nodes].
 * When fewer than [property@Disc.Discovery:masters-required] masters are
 * alive, the eligible node with the highest [property@Disc.Discovery:weight]
 * promotes itself.
 *
 * ```c
 * g_autoptr(DiscDiscovery) d = disc_discovery_new ();
 * g_autoptr(GError) error = NULL;
 *
 * g_signal_connect (d, "added", G_CALLBACK (on_added), NULL);
 * g_signal_connect (d, "message::config-updates", G_CALLBACK (on_config), NULL);
 * disc_discovery_join (d, "config-updates");
 * if (!disc_discovery_start (d, &error))
 *   g_printerr ("%s\n", error->message);
 * ```
 *
 * Properties describe the network and the timing and are read by
 * [method@Disc.Discovery.start]; set them before starting (or stop and
 * start again). [property@Disc.Discovery:weight],
 * [property@Disc.Discovery:master-eligible] and
 * [property@Disc.Discovery:host-name] apply at once.
 *
 * With [property@Disc.Discovery:remote-control] on (and `aes-256-gcm`),
 * other nodes may promote and demote this one; every such request is
 * announced by [signal@Disc.Discovery::control-request] before it is
 * applied. [method@Disc.Discovery.control_async] sends such a request.
 */

G_DEFINE_TYPE_WITH_PRIVATE (DiscDiscovery, disc_discovery, G_TYPE_OBJECT)

DiscDiscoveryPrivate *
_disc_discovery_get_private (DiscDiscovery *self)
{
  return disc_discovery_get_instance_private (self);
}

enum {
  SIGNAL_ADDED,
  SIGNAL_REMOVED,
  SIGNAL_MASTER,
  SIGNAL_HELLO,
  SIGNAL_PROMOTION,
  SIGNAL_DEMOTION,
  SIGNAL_MESSAGE,
  SIGNAL_ERROR,
  SIGNAL_DROP_STARTED,
  SIGNAL_CONTROL_REQUEST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void send_hello (DiscDiscovery *self);

static char *
random_hex_id (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x",
                          g_random_int (), g_random_int (), g_random_int (), g_random_int ());
}

/* One id per process, as the seed's procUuid; set once, never changed. */
static const char *
get_process_id (void)
{
  static char *process_id;

  if (g_once_init_enter (&process_id))
    g_once_init_leave (&process_id, random_hex_id ());
  return process_id;
}

/* Signals from the membership core. */
static void
on_membership_event (DiscMembershipEvent  event,
                     DiscNode            *node,
                     gpointer             user_data)
{
  DiscDiscovery *self = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  if (priv->disposed)
    return;
  switch (event)
    {
    case DISC_MEMBERSHIP_ADDED:
      g_signal_emit (self, signals[SIGNAL_ADDED], 0, node);
      break;
    case DISC_MEMBERSHIP_REMOVED:
      g_signal_emit (self, signals[SIGNAL_REMOVED], 0, node);
      break;
    case DISC_MEMBERSHIP_MASTER:
      g_signal_emit (self, signals[SIGNAL_MASTER], 0, node);
      break;
    case DISC_MEMBERSHIP_HELLO:
      /* Thousands a second on a big LAN, and seldom watched. */
      if (g_signal_has_handler_pending (self, signals[SIGNAL_HELLO], 0, TRUE))
        g_signal_emit (self, signals[SIGNAL_HELLO], 0, node);
      break;
    case DISC_MEMBERSHIP_PROMOTION:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_MASTER]);
      g_signal_emit (self, signals[SIGNAL_PROMOTION], 0, node);
      break;
    case DISC_MEMBERSHIP_DEMOTION:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_MASTER]);
      g_signal_emit (self, signals[SIGNAL_DEMOTION], 0, node);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_membership_announce (gpointer user_data)
{
  send_hello (DISC_DISCOVERY (user_data));
}

static const DiscMembershipCallbacks membership_callbacks = {
  .event = on_membership_event,
  .announce = on_membership_announce,
};

/* The signals the receive path (disc-discovery-receive.c) emits. */
void
_disc_discovery_emit_error (DiscDiscovery *self,
                            GError        *error)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

void
_disc_discovery_emit_drop_started (DiscDiscovery  *self,
                                   DiscDropReason  reason,
                                   const char     *source)
{
  g_signal_emit (self, signals[SIGNAL_DROP_STARTED], 0, reason, source);
}

void
_disc_discovery_emit_control_request (DiscDiscovery     *self,
                                      const char        *sender_id,
                                      const char        *sender_address,
                                      DiscControlAction  action,
                                      gboolean           accepted)
{
  g_signal_emit (self, signals[SIGNAL_CONTROL_REQUEST], 0,
                 sender_id, sender_address, action, accepted);
}

void
_disc_discovery_emit_message (DiscDiscovery *self,
                              GQuark         channel,
                              const char    *event,
                              JsonNode      *data,
                              DiscNode      *from)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], channel, event, data, from);
}

/* Sending */

/* An envelope as this instance sends it, with its own pid, iid and host
 * name: check_hello_fits() measures the very envelope that is sent. */
static DiscEnvelope *
new_own_envelope (DiscDiscoveryPrivate *priv,
                  const char           *event,
                  JsonNode             *data)
{
  return disc_envelope_new (event, priv->process_id, disc_node_get_id (priv->me),
                            disc_node_get_host_name (priv->me), data);
}

gboolean
_disc_discovery_send_envelope (DiscDiscovery *self,
                      const char    *event,
                      JsonNode      *data,
                      GError       **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autoptr(DiscEnvelope) envelope = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;

  envelope = new_own_envelope (priv, event, data);
  datagrams = disc_codec_encode (priv->codec, envelope, error);
  if (datagrams == NULL)
    return FALSE;
  return disc_transport_send (priv->transport, datagrams, error);
}

typedef struct
{
  DiscDiscovery *self;
  DiscHello      hello;
} HelloBuild;

static GPtrArray *
encode_hello (const char  *source,
              gpointer     user_data,
              GError     **error)
{
  HelloBuild *build = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (build->self);
  g_autoptr(DiscEnvelope) envelope = NULL;
  g_autoptr(JsonNode) data = NULL;

  /* Each destination hears the address of the interface that reaches it,
   * which is what the seed's "127.0.0.1" was meant to be. */
  build->hello.address = (char *) source;   /* borrowed, cleared below */
  data = disc_hello_build (&build->hello, disc_codec_get_dialect (priv->codec));
  build->hello.address = NULL;
  envelope = new_own_envelope (priv, "hello", data);
  return disc_codec_encode (priv->codec, envelope, error);
}

static void
send_hello (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  HelloBuild build = { self, { 0, } };

  if (priv->transport == NULL || priv->running.listen_only)
    return;
  disc_membership_fill_hello (priv->membership, &build.hello);
  disc_transport_send_each (priv->transport, encode_hello, &build);
  disc_hello_clear (&build.hello);
  /* This node was last seen saying hello, as its peers see it. */
  _disc_node_set_last_seen (priv->me, _disc_discovery_wall_ms ());
}

/* The transport */

static void
on_transport_send_error (GError   *error,
                         gpointer  user_data)
{
  _disc_discovery_emit_error (DISC_DISCOVERY (user_data), error);
}

static void
on_transport_address_changed (const char *address,
                              gpointer    user_data)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (DISC_DISCOVERY (user_data));

  _disc_node_set_address (priv->me, address);
}

static const DiscTransportCallbacks transport_callbacks = {
  .datagram = _disc_discovery_on_datagram,
  .send_error = on_transport_send_error,
  .address_changed = on_transport_address_changed,
  .kernel_drops = _disc_discovery_on_kernel_drops,
};


/* Timers */

/* A timeout on the main context @self was started in; the caller owns it. */
static GSource *
attach_timeout (DiscDiscovery *self,
                guint          interval,
                GSourceFunc    func,
                const char    *name)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  GSource *source = g_timeout_source_new (interval);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, priv->context);
  return source;
}

static gboolean
on_hello_timeout (gpointer user_data)
{
  send_hello (DISC_DISCOVERY (user_data));
  return G_SOURCE_CONTINUE;
}

/* A mass expiry (a switch going down, a thousand nodes silent at once) is
 * spread over main-loop iterations: each dispatch removes due nodes for at
 * most about EXPIRY_BUDGET_US, checking the clock after every removal,
 * and a continuation at the default priority does the rest, so that
 * input, the sockets and other timers get their turn in between. Each
 * removal emits ::removed, whose handlers (a view re-binding rows) may
 * cost far more than the removal itself.
 *
 * Sources below the default priority (GTK's layout and paint, idles)
 * wait for the expiry to end, so that a window re-lays out its list once,
 * not between every few removals: in GTK 4.8 with the monitor's list one
 * such re-layout costs far more than the removals (on a shared two-core
 * machine, 100 to 400 ms while hundreds of rows remain; at the idle
 * priority, 5,000 nodes took over 30 s to go, see doc/benchmarks.md).
 * Only an expiry longer than EXPIRY_PAINT_AFTER_US pauses, for
 * EXPIRY_PAUSE_MS (about a frame), so a window still repaints once in a
 * while. */
#define EXPIRY_BUDGET_US      4000
#define EXPIRY_PAINT_AFTER_US 1000000
#define EXPIRY_PAUSE_MS       20

static gboolean on_expiry_continue (gpointer user_data);

/* Removes due nodes for at most EXPIRY_BUDGET_US (and at least one).
 * Returns TRUE if due nodes remain. */
static gboolean
expire_slice (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + EXPIRY_BUDGET_US;
  gboolean more;

  do
    more = disc_membership_check_some (priv->membership, _disc_discovery_now_ms (), 1);
  /* A handler may have stopped us: stop() cleared the table. */
  while (more && priv->transport != NULL && g_get_monotonic_time () < deadline);
  more = more && priv->transport != NULL;
  priv->expiry_work_us = more ? priv->expiry_work_us + g_get_monotonic_time () - start : 0;
  return more;
}

static void
schedule_expiry (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  guint delay_ms = 0;

  if (priv->expiry_source != NULL)
    return;
  if (priv->expiry_work_us >= EXPIRY_PAINT_AFTER_US)
    {
      delay_ms = EXPIRY_PAUSE_MS;
      priv->expiry_work_us = 0;
    }
  priv->expiry_source = attach_timeout (self, delay_ms, on_expiry_continue, "[disc] expiry");
}

/* One source per slice: it removes itself, and the next is attached if
 * nodes are still due. */
static gboolean
on_expiry_continue (gpointer user_data)
{
  DiscDiscovery *self = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  g_object_ref (self);
  if (priv->expiry_source == g_main_current_source ())
    g_clear_pointer (&priv->expiry_source, g_source_unref);
  if (priv->transport != NULL && expire_slice (self))
    schedule_expiry (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_check_timeout (gpointer user_data)
{
  DiscDiscovery *self = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  gint64 now = _disc_discovery_now_ms ();
  guint64 expired_before;

  g_object_ref (self);
  expired_before = priv->stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT];
  disc_codec_expire (priv->codec, now, &priv->stats);
  for (guint64 i = expired_before; i < priv->stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT]; i++)
    _disc_discovery_report_drop (self, DISC_DROP_REASSEMBLY_TIMEOUT, NULL, 0);
  /* getifaddrs is cheap; rescanning here covers systems where
   * GNetworkMonitor cannot see address changes (containers, namespaces). */
  if (priv->transport != NULL)
    disc_transport_rescan (priv->transport);
  /* Drops after which nothing arrived to tell of them. */
  if (priv->transport != NULL)
    disc_transport_check_kernel_drops (priv->transport);
  /* The first slice of an expiry; the continuation does the rest. */
  if (priv->transport != NULL && expire_slice (self))
    schedule_expiry (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

/* What this node sends, against every receiver's limits (core/disc-limits.c) */

static DiscLimitsCipher
limits_cipher (DiscDiscoveryPrivate *priv,
               const DiscOptions    *options)
{
  if (!disc_keyring_has_primary (priv->keyring))
    return DISC_LIMITS_CLEAR;
  return disc_options_is_aead (options) ? DISC_LIMITS_AEAD : DISC_LIMITS_LEGACY_CIPHER;
}

/* A hello carrying @info, in its longest form (master, promoted, the
 * longest address and weight), must fit one message that every receiver
 * takes; else the node would run unseen. */
static gboolean
check_hello_fits (DiscDiscoveryPrivate  *priv,
                  const DiscOptions     *options,
                  JsonNode              *info,
                  GError               **error)
{
  DiscHello hello = {
    .is_master = TRUE,
    .is_master_eligible = TRUE,
    .weight = -2.2250738585072014e-308,
    .address = (char *) "255.255.255.255",
    .info = info,
    .promoted_at = G_GINT64_CONSTANT (9999999999999),
  };
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(DiscEnvelope) envelope = NULL;
  g_autofree char *json = NULL;
  gsize len, limit;

  if (!disc_limits_check_info (info, error))
    return FALSE;
  data = disc_hello_build (&hello, options->dialect);
  envelope = new_own_envelope (priv, "hello", data);
  json = disc_envelope_to_json (envelope, options->dialect, &len);
  limit = disc_limits_max_json (options->dialect, limits_cipher (priv, options));
  if (len > limit)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_INFO,
                   /* %lu, not G_GSIZE_FORMAT: xgettext cannot see into the macro. */
                   _("info: with this advertisement a hello is up to %lu bytes of JSON; "
                     "peers take at most %lu with this dialect and key"),
                   (gulong) len, (gulong) limit);
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
disc_discovery_real_stopping (DiscDiscovery *self)
{
}

static gboolean
disc_discovery_real_advertise (DiscDiscovery  *self,
                               JsonNode       *info,
                               GError        **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autoptr(JsonNode) sealed = NULL;

  if (!check_hello_fits (priv, priv->transport != NULL ? &priv->running : &priv->options,
                         info, error))
    return FALSE;
  if (info != NULL)
    {
      /* Our own sealed copy: the caller may go on changing theirs. */
      sealed = json_node_copy (info);
      json_node_seal (sealed);
    }
  _disc_node_set_info (priv->me, sealed);
  return TRUE;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
teardown (DiscDiscovery *self,
          gboolean       say_goodbye)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  if (priv->transport == NULL)
    return;

  if (say_goodbye && !priv->running.listen_only)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(GError) error = NULL;

      /* The npm packages only deliver events whose data is truthy; an
       * object keeps them quiet (no listener) instead of logging. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, "stop");
      json_builder_end_object (builder);
      data = json_builder_get_root (builder);
      if (!_disc_discovery_send_envelope (self, GOODBYE_EVENT, data, &error))
        disc_transport_report_error (priv->transport, error);
    }

  clear_source (&priv->hello_source);
  clear_source (&priv->check_source);
  clear_source (&priv->expiry_source);
  priv->expiry_work_us = 0;
  if (priv->remote != NULL)
    disc_remote_control_stop (priv->remote);
  _disc_node_set_accepts_control (priv->me, FALSE);
  g_clear_pointer (&priv->transport, disc_transport_free);
  g_clear_pointer (&priv->context, g_main_context_unref);
  g_clear_pointer (&priv->codec, disc_codec_free);
  g_clear_pointer (&priv->hello_cache, disc_hello_cache_free);
  g_clear_pointer (&priv->rate_limit, disc_rate_limit_free);
  disc_options_clear (&priv->running);
}

static void
disc_discovery_dispose (GObject *object)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  /* Peers still hear the goodbye, but no signals are emitted from here.
   * The membership itself stays until finalize: dispose may run from one
   * of its own callbacks (a ::removed handler in a mass expiry calling
   * g_object_run_dispose(), as bindings do), which then carries on. */
  priv->disposed = TRUE;
  teardown (self, TRUE);

  G_OBJECT_CLASS (disc_discovery_parent_class)->dispose (object);
}

static void
disc_discovery_finalize (GObject *object)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  disc_options_clear (&priv->options);
  disc_options_clear (&priv->running);
  g_clear_pointer (&priv->keyring, disc_keyring_free);
  g_clear_pointer (&priv->channels, disc_channels_free);
  g_clear_pointer (&priv->remote, disc_remote_control_free);
  g_clear_pointer (&priv->drop_log, disc_drop_log_free);
  g_clear_pointer (&priv->membership, disc_membership_free);
  g_free (priv->process_id);
  g_clear_object (&priv->me);

  G_OBJECT_CLASS (disc_discovery_parent_class)->finalize (object);
}

static void
disc_discovery_class_init (DiscDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = disc_discovery_dispose;
  object_class->finalize = disc_discovery_finalize;
  object_class->get_property = _disc_discovery_get_property;
  object_class->set_property = _disc_discovery_set_property;

  klass->advertise = disc_discovery_real_advertise;
  klass->stopping = disc_discovery_real_stopping;

  /* The library's messages are translated in their own domain. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  _disc_discovery_install_properties (properties);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DiscDiscovery::added:
   * @self: the discovery
   * @node: the new node
   *
   * A hello arrived from a node not in the table.
   */
  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DiscDiscoveryClass, added), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::removed:
   * @self: the discovery
   * @node: the node that left
   *
   * A node said goodbye, was not heard from within its timeout, or the
   * table was cleared by [method@Disc.Discovery.stop]; which one is in
   * @node's [property@Disc.Node:leave-reason], set before this signal.
   *
   * Timed-out nodes are removed in the order their timeouts ran out
   * (a master first among nodes due at the same millisecond), and each
   * emits this signal with %DISC_LEAVE_TIMEOUT. A mass expiry (a thousand
   * nodes silent at once) is spread over several main-loop iterations: one
   * dispatch removes nodes for at most a few milliseconds (at least one
   * node), and a source at %G_PRIORITY_DEFAULT removes the rest, so that
   * input and other sources of that priority go on in between. Sources of
   * lower priority (a toolkit's layout and paint) wait for the expiry to
   * end, or for a pause of about a frame after each second of it. A node
   * that says hello again before its turn stays. While due nodes wait for
   * their turn they still count in [method@Disc.Discovery.get_nodes] but
   * never outrank this instance in an election. [method@Disc.Discovery.stop]
   * cancels the rest of an expiry: the nodes left are removed at once,
   * with %DISC_LEAVE_STOPPED.
   */
  signals[SIGNAL_REMOVED] =
    g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DiscDiscoveryClass, removed), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::master:
   * @self: the discovery
   * @node: the new master
   *
   * A node is master that was not before (or was not known).
   */
  signals[SIGNAL_MASTER] =
    g_signal_new ("master", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (DiscDiscoveryClass, master), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::hello:
   * @self: the discovery
   * @node: the node, already updated
   *
   * A hello arrived. Emitted for every hello, after
   * [signal@Disc.Discovery::added] and [signal@Disc.Discovery::master].
   *
   * A node hears one hello a second from every peer, so this is emitted
   * only while a handler is connected: an emission hook alone does not
   * see hellos.
   */
  signals[SIGNAL_HELLO] =
    g_signal_new ("hello", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::promotion:
   * @self: the discovery
   * @me: this instance's node
   *
   * This instance became a master, by [method@Disc.Discovery.promote] or by
   * election.
   */
  signals[SIGNAL_PROMOTION] =
    g_signal_new ("promotion", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::demotion:
   * @self: the discovery
   * @me: this instance's node
   *
   * This instance stopped being a master: by [method@Disc.Discovery.demote],
   * because a better master appeared, or because it was stopped.
   */
  signals[SIGNAL_DEMOTION] =
    g_signal_new ("demotion", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, DISC_TYPE_NODE);

  /**
   * DiscDiscovery::message:
   * @self: the discovery
   * @channel: the channel
   * @data: (nullable): the message
   * @sender: (nullable): the node that sent it, if it is in the table
   *
   * A message arrived on a joined channel. The signal is detailed by the
   * channel name: connect to `message::config-updates` for one channel.
   * With [property@Disc.Discovery:all-channels], messages on channels that
   * are not joined arrive too, without a detail.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  DISC_TYPE_NODE);

  /**
   * DiscDiscovery::error:
   * @self: the discovery
   * @error: what went wrong
   *
   * Something failed while running: sending (once per new error, not per
   * hello), or, with [property@Disc.Discovery:ignore-data-errors] %FALSE,
   * a received datagram was dropped.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * DiscDiscovery::drop-started:
   * @self: the discovery
   * @reason: why datagrams are being dropped
   * @address: (nullable): the source address of the datagram that started
   *   it, in dotted form; %NULL when no one datagram is to blame (a
   *   reassembly timeout)
   *
   * Received datagrams began to be dropped for @reason: the first such
   * drop since @self was created, or the first after a minute without one.
   * Emitted at most once a minute per reason whatever the rate of drops,
   * whether or not [property@Disc.Discovery:ignore-data-errors] is set, so
   * that an application can say what is wrong ("encrypted traffic that
   * cannot be read: wrong key?") without polling
   * [method@Disc.Discovery.get_drop_count]. The sources of every drop are
   * listed by [method@Disc.Discovery.list_drop_sources].
   *
   * Since: 0.2
   */
  signals[SIGNAL_DROP_STARTED] =
    g_signal_new ("drop-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  DISC_TYPE_DROP_REASON, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DiscDiscovery::control-request:
   * @self: the discovery
   * @sender_id: the id of the node that sent the request (its `iid`)
   * @sender_address: the IPv4 address the request came from
   * @action: what it asks
   * @accepted: whether it is about to be applied; %FALSE when it is
   *   refused (remote control off, or the node not eligible)
   *
   * A new remote-control request for this node arrived, authenticated by
   * `aes-256-gcm`. Emitted once per request, before it is applied and
   * answered, so a handler can log who did what; retransmissions and
   * replays of a request are not announced again (and not applied again).
   *
   * Since: 0.2
   */
  signals[SIGNAL_CONTROL_REQUEST] =
    g_signal_new ("control-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  DISC_TYPE_CONTROL_ACTION, G_TYPE_BOOLEAN);
}

static void
disc_discovery_init (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autofree char *iid = random_hex_id ();
  DiscMembershipConfig config;

  priv->process_id = g_strdup (get_process_id ());
  priv->me = _disc_node_new (iid, priv->process_id);
  _disc_node_set_weight (priv->me, g_random_double ());
  _disc_node_set_is_master_eligible (priv->me, TRUE);
  _disc_node_set_address (priv->me, DISC_DEFAULT_ADDRESS);
  priv->channels = disc_channels_new ();
  priv->keyring = disc_keyring_new ();
  priv->remote = _disc_discovery_control_new (self);
  priv->drop_log = disc_drop_log_new ();
  disc_options_init (&priv->options);
  disc_options_init (&priv->running);

  /* The membership needs a configuration before the properties are set;
   * it gets the real one at start(). */
  config = disc_membership_config_from_options (&priv->options);
  priv->membership = disc_membership_new (&config, priv->me, &membership_callbacks, self);
}

/**
 * disc_discovery_new:
 *
 * Creates an instance with the seed's defaults. Unlike the seed it does not
 * start by itself: set properties, connect signals, then call
 * [method@Disc.Discovery.start].
 *
 * Returns: (transfer full): a new discovery instance
 */
DiscDiscovery *
disc_discovery_new (void)
{
  return g_object_new (DISC_TYPE_DISCOVERY, NULL);
}

/**
 * disc_discovery_start:
 * @self: a discovery
 * @error: return location for an error
 *
 * Checks the options, binds the socket, says hello and starts the hello
 * and check timers on the thread-default main context. Does nothing if
 * already running.
 *
 * Returns: %TRUE when running; %FALSE with @error set otherwise: an
 *   invalid option is a %DISC_OPTION_ERROR whose code names the property
 *   at fault (as [method@Disc.Discovery.check_options] reports it, and
 *   %DISC_OPTION_ERROR_ADDRESS for an address this host does not have); a
 *   port taken by a socket that does not share it is
 *   %DISC_ERROR_ADDRESS_IN_USE, and one shared by others when this
 *   instance does not share it %DISC_ERROR_ADDRESS_SHARED; an
 *   advertisement that no longer fits a hello with these options (see
 *   [method@Disc.Discovery.advertise]) is %DISC_ERROR_INVALID_INFO; other
 *   socket failures are %DISC_ERROR_NETWORK; after g_object_run_dispose(),
 *   %DISC_ERROR_NOT_RUNNING
 */
gboolean
disc_discovery_start (DiscDiscovery  *self,
                      GError        **error)
{
  DiscDiscoveryPrivate *priv;
  g_autoptr(DiscCodec) codec = NULL;
  DiscMembershipConfig config;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  if (priv->transport != NULL)
    return TRUE;
  /* Disposed, as bindings do with run_dispose(): it would run deaf. */
  if (priv->disposed)
    {
      g_set_error_literal (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING,
                           _("this discovery was disposed and cannot start again; make a new one"));
      return FALSE;
    }
  if (!disc_discovery_check_options (self, error))
    return FALSE;
  /* The advertisement was checked against the options of its time. */
  if (!check_hello_fits (priv, &priv->options, disc_node_get_info (priv->me), error))
    return FALSE;
  disc_options_clear (&priv->running);
  disc_options_copy (&priv->options, &priv->running);
  codec = _disc_discovery_make_codec (priv, error);
  if (codec == NULL)
    return FALSE;
  priv->transport = disc_transport_new (&priv->running, &priv->stats, &transport_callbacks,
                                        self, error);
  if (priv->transport == NULL)
    return FALSE;

  priv->codec = g_steal_pointer (&codec);
  /* One source address per node, as many as nodes; each at most a few
   * messages of one block (core/disc-hello-cache.c). */
  priv->hello_cache = disc_hello_cache_new (priv->running.max_nodes);
  if (priv->running.new_node_rate > 0)
    priv->rate_limit = disc_rate_limit_new (priv->running.new_node_rate,
                                            priv->running.new_node_rate * DISC_NEW_NODE_BURST_SECONDS,
                                            DISC_RATE_LIMIT_MAX_SOURCES);
  priv->context = g_main_context_ref_thread_default ();
  /* A handler of these notifications may stop or dispose this node: they
   * are held until it is wholly started, timers included, and each step
   * after them checks that it still runs. */
  g_object_ref (self);
  g_object_freeze_notify (G_OBJECT (priv->me));
  _disc_node_set_address (priv->me, disc_transport_get_local_address (priv->transport));
  _disc_node_set_accepts_control (priv->me, priv->running.remote_control);

  config = disc_membership_config_from_options (&priv->running);
  disc_membership_set_config (priv->membership, &config);
  disc_membership_start (priv->membership, _disc_discovery_now_ms ());

  priv->hello_source = attach_timeout (self, priv->running.hello_interval, on_hello_timeout,
                                       "[disc] hello");
  priv->check_source = attach_timeout (self, priv->running.check_interval, on_check_timeout,
                                       "[disc] check");
  g_object_thaw_notify (G_OBJECT (priv->me));

  if (priv->transport != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* node-discover says hello at once; the seed waits an interval. */
  send_hello (self);
  g_object_unref (self);
  return TRUE;
}

/**
 * disc_discovery_check_options:
 * @self: a discovery
 * @error: return location for an error
 *
 * Checks the options as [method@Disc.Discovery.start] would, without
 * opening a socket: each value on its own, and the combinations
 * (node-timeout at least check-interval, one of broadcast, multicast and
 * unicast, a keyring only with aes-256-gcm). An application can call it
 * before starting, for example to point at the field of a settings dialog
 * that is wrong. Whether the address and port can be bound is only known
 * at start().
 *
 * Returns: %TRUE if the options are valid; %FALSE with @error set in the
 *   %DISC_OPTION_ERROR domain, whose code names the property at fault
 *   (see [func@Disc.OptionError.get_property_name])
 *
 * Since: 0.2
 */
gboolean
disc_discovery_check_options (DiscDiscovery  *self,
                              GError        **error)
{
  DiscDiscoveryPrivate *priv;
  DiscOptionsKeys keys;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  keys = _disc_discovery_options_keys (priv);
  if (!disc_options_validate (&priv->options, &keys, error))
    return FALSE;
  /* Applied at once, so kept on the node rather than in the options. */
  return disc_limits_check_host_name (disc_node_get_host_name (priv->me), error);
}

/**
 * disc_discovery_stop:
 * @self: a discovery
 *
 * Sends a goodbye, so peers drop this node at once instead of after
 * node-timeout, stops the timers and closes the socket. The node table is
 * cleared ([signal@Disc.Discovery::removed] for each node) and, if this
 * instance was master, it is demoted. Does nothing if not running.
 */
void
disc_discovery_stop (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_if_fail (DISC_IS_DISCOVERY (self));

  priv = disc_discovery_get_instance_private (self);
  if (priv->transport == NULL)
    return;

  g_object_ref (self);
  DISC_DISCOVERY_GET_CLASS (self)->stopping (self);
  teardown (self, TRUE);
  disc_membership_reset (priv->membership);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_unref (self);
}

/**
 * disc_discovery_is_running:
 * @self: a discovery
 *
 * Tells whether the instance is started, as
 * [property@Disc.Discovery:running].
 *
 * Returns: whether @self has been started and not stopped
 */
gboolean
disc_discovery_is_running (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  priv = disc_discovery_get_instance_private (self);
  return priv->transport != NULL;
}

/**
 * disc_discovery_promote:
 * @self: a discovery
 *
 * Makes this instance a master (and eligible). Masters elected
 * automatically step down for it; among several manual promotions the most
 * recent wins.
 */
void
disc_discovery_promote (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;
  gboolean was_eligible;

  g_return_if_fail (DISC_IS_DISCOVERY (self));
  priv = disc_discovery_get_instance_private (self);
  was_eligible = disc_node_get_is_master_eligible (priv->me);
  disc_remote_control_forget_remote_demotion (priv->remote);
  disc_membership_promote (priv->membership, _disc_discovery_wall_ms ());
  if (!was_eligible)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASTER_ELIGIBLE]);
}

/**
 * disc_discovery_demote:
 * @self: a discovery
 * @permanent: whether this instance should never become master again
 *   (until promoted or made eligible)
 *
 * Stops being a master. With @permanent %FALSE this instance hands
 * mastership to the best other eligible node: it reports itself ineligible
 * until another master appears, or until master-timeout + check-interval
 * pass without one.
 */
void
disc_discovery_demote (DiscDiscovery *self,
                       gboolean       permanent)
{
  DiscDiscoveryPrivate *priv;
  gboolean was_eligible;

  g_return_if_fail (DISC_IS_DISCOVERY (self));
  priv = disc_discovery_get_instance_private (self);
  was_eligible = disc_node_get_is_master_eligible (priv->me);
  if (permanent)
    disc_remote_control_forget_remote_demotion (priv->remote);
  disc_membership_demote (priv->membership, permanent, _disc_discovery_now_ms ());
  if (was_eligible != disc_node_get_is_master_eligible (priv->me))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASTER_ELIGIBLE]);
}

/**
 * disc_discovery_hello:
 * @self: a discovery
 *
 * Broadcasts a hello now, besides the regular ones. Does nothing when not
 * running or listen-only.
 */
void
disc_discovery_hello (DiscDiscovery *self)
{
  g_return_if_fail (DISC_IS_DISCOVERY (self));
  send_hello (self);
}

/**
 * disc_discovery_advertise:
 * @self: a discovery
 * @info: (nullable): what to advertise: any JSON value, or %NULL for nothing
 * @error: return location for an error
 *
 * Sets what every hello carries from now on (the seed's `advertise`). The
 * value is copied. A subclass may refuse some values, as
 * [class@Disc.ServiceDiscovery] refuses an object without a `name`.
 *
 * A value peers would drop is refused: one nesting more than 62 levels of
 * arrays and objects, or one that makes a hello (in its longest form,
 * with the current host name, dialect and key) larger than one message
 * every receiver takes: 65536 bytes of JSON framed in the wrap dialect,
 * 65507 in one plain datagram, less with a key (see doc/protocol.md,
 * "Limits"). [method@Disc.Discovery.start] checks again with the options
 * it starts with.
 *
 * Returns: %TRUE if the advertisement was taken; %FALSE with @error set
 *   (%DISC_ERROR_INVALID_INFO, the message starting with "info") if not
 */
gboolean
disc_discovery_advertise (DiscDiscovery  *self,
                          JsonNode       *info,
                          GError        **error)
{
  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DISC_DISCOVERY_GET_CLASS (self)->advertise (self, info, error);
}

/**
 * disc_channel_name_is_valid:
 * @channel: a channel name
 * @error: return location for an error
 *
 * Checks a channel name: 1 to 128 bytes of UTF-8 without control
 * characters, and not one of the protocol's reserved names: its events
 * (`hello`, `goodbye`, `added`, `removed`, `master`, `promotion`,
 * `demotion`, `message`, `error`, `newListener`, `removeListener`) and the
 * property names of JavaScript's `Object.prototype` (`__proto__`,
 * `constructor`, `toString`, ...), on which node-discovery 0.2.1 peers
 * misroute the message or crash.
 *
 * Returns: %TRUE if @channel can be joined and sent on
 */
gboolean
disc_channel_name_is_valid (const char  *channel,
                            GError     **error)
{
  return disc_channels_check_name (channel, error);
}

/**
 * disc_discovery_join:
 * @self: a discovery
 * @channel: the channel name
 *
 * Starts delivering messages on @channel through
 * [signal@Disc.Discovery::message] (detail: the channel name).
 *
 * Returns: %FALSE if the name is reserved or invalid, as the seed's
 *   `join`; see [func@Disc.channel_name_is_valid] for why
 */
gboolean
disc_discovery_join (DiscDiscovery *self,
                     const char    *channel)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);

  priv = disc_discovery_get_instance_private (self);
  return disc_channels_join (priv->channels, channel);
}

/**
 * disc_discovery_leave:
 * @self: a discovery
 * @channel: the channel name
 *
 * Stops delivering messages on @channel.
 *
 * Returns: %TRUE if @channel was joined
 */
gboolean
disc_discovery_leave (DiscDiscovery *self,
                      const char    *channel)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  return disc_channels_leave (priv->channels, channel);
}

/**
 * disc_discovery_is_joined:
 * @self: a discovery
 * @channel: the channel name
 *
 * Tells whether messages on @channel are delivered, after
 * [method@Disc.Discovery.join].
 *
 * Returns: whether @channel is joined
 */
gboolean
disc_discovery_is_joined (DiscDiscovery *self,
                          const char    *channel)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  return disc_channels_contains (priv->channels, channel);
}

/**
 * disc_discovery_send:
 * @self: a discovery
 * @channel: the channel name
 * @data: (nullable): the message: any JSON value
 * @error: return location for an error
 *
 * Sends @data to every node that joined @channel. Messages of up to 64 KiB
 * are framed over several datagrams in the wrap dialect. node-discovery
 * and node-discover peers only deliver data that is truthy in JavaScript,
 * so absent, null, false, 0, "" and a NaN or infinite number (which goes
 * out as null, as JSON.stringify writes it) are refused
 * (%DISC_ERROR_INVALID_DATA),
 * as is data nesting more than 63 levels of arrays and objects, which
 * libdisc peers drop.
 *
 * The message goes to every destination (each interface's broadcast
 * address by default). If some of them cannot be reached, the others still
 * get it and each failure is reported by [signal@Disc.Discovery::error].
 *
 * Returns: %TRUE if sent to at least one destination; %FALSE with @error
 *   set if the channel is reserved or invalid, the message too large or refused (see above),
 *   @self not running, or no destination could be sent to
 *   (%DISC_ERROR_NETWORK)
 */
gboolean
disc_discovery_send (DiscDiscovery  *self,
                     const char     *channel,
                     JsonNode       *data,
                     GError        **error)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!disc_channel_name_is_valid (channel, error))
    return FALSE;
  priv = disc_discovery_get_instance_private (self);
  if (priv->transport == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING,
                   _("cannot send on “%s”: the discovery is not started"), channel);
      return FALSE;
    }
  if (!disc_limits_check_data (channel, data, error))
    return FALSE;
  return _disc_discovery_send_envelope (self, channel, data, error);
}

/**
 * disc_discovery_get_nodes:
 * @self: a discovery
 *
 * The nodes heard from, in the order they were discovered. The model is
 * live: items are added and removed as nodes come and go, and each
 * [class@Disc.Node] notifies its own changes.
 *
 * Returns: (transfer none): a list model of [class@Disc.Node]
 */
GListModel *
disc_discovery_get_nodes (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);
  priv = disc_discovery_get_instance_private (self);
  return G_LIST_MODEL (disc_membership_get_store (priv->membership));
}

/**
 * disc_discovery_get_me:
 * @self: a discovery
 *
 * This instance as its peers see it: its id, host name, address, port,
 * mastership, weight and advertisement. Its last-seen time is when it
 * last sent a hello. Reading it changes nothing.
 *
 * Returns: (transfer none): this instance's node
 */
DiscNode *
disc_discovery_get_me (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);
  priv = disc_discovery_get_instance_private (self);
  return priv->me;
}

/**
 * disc_discovery_lookup_node:
 * @self: a discovery
 * @id: an instance id
 *
 * Finds a peer in the node table by its instance id
 * ([property@Disc.Node:id]).
 *
 * Returns: (transfer none) (nullable): the node with @id, if in the table
 */
DiscNode *
disc_discovery_lookup_node (DiscDiscovery *self,
                            const char    *id)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  priv = disc_discovery_get_instance_private (self);
  return disc_membership_lookup (priv->membership, id);
}
