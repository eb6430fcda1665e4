/* disc-discovery.c: the seed's Discovery on GSocket and GMainContext
 *
 * This file only wires sockets and timers to the core in core/: the codec
 * turns datagrams into envelopes and back, the membership keeps the node
 * table and runs the election. Everything here runs on the thread-default
 * main context that was current when disc_discovery_start() was called.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>

#include "disc-discovery.h"
#include "disc-error.h"
#include "disc-interfaces.h"
#include "disc-node-private.h"
#include "core/disc-aead.h"
#include "core/disc-codec.h"
#include "core/disc-hello.h"
#include "core/disc-legacy-cipher.h"
#include "core/disc-membership.h"
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
 */

#define DEFAULT_HELLO_INTERVAL   1000
#define DEFAULT_CHECK_INTERVAL   2000
#define DEFAULT_NODE_TIMEOUT     2000
#define DEFAULT_MASTER_TIMEOUT   2000
#define DEFAULT_MASTERS_REQUIRED 1
#define DEFAULT_ADDRESS          "0.0.0.0"
#define DEFAULT_PORT             12345
#define DEFAULT_MULTICAST_TTL    1
#define DEFAULT_ALGORITHM        "aes256"
#define DEFAULT_IGNORE           "self"
#define DEFAULT_DIALECT          "wrap"
#define DEFAULT_MAX_NODES        65536
#define DEFAULT_NEW_NODE_RATE    16
#define NEW_NODE_BURST_SECONDS   4
#define MAX_CHANNEL_LENGTH       128
#define RECEIVE_BUFFER_SIZE      (64 * 1024 + 64)
#define MAX_DATAGRAMS_PER_DISPATCH 256
#define GOODBYE_EVENT            "goodbye"

typedef enum {
  IGNORE_SELF,
  IGNORE_PROCESS,
  IGNORE_NONE,
} IgnoreMode;

typedef struct
{
  GSocketAddress *address;
  char           *source;   /* the local address hellos to it leave from */
} Destination;

typedef struct
{
  /* options (properties) */
  guint     hello_interval;
  guint     check_interval;
  guint     node_timeout;
  guint     master_timeout;
  guint     masters_required;
  char     *address;
  guint     port;
  char     *broadcast;
  char     *multicast;
  guint     multicast_ttl;
  char     *algorithm;
  char     *key;
  char     *ignore;
  gboolean  ignore_data_errors;
  char    **unicast;
  gboolean  reuse_address;
  char     *dialect;
  guint     max_nodes;
  gboolean  listen_only;
  guint     new_node_rate;
  GPtrArray *extra_keys;        /* of passphrases: the keyring less the primary (key) */
  GHashTable *derived_keys;     /* passphrase -> DiscAeadKey, so each is derived once */

  /* state */
  char           *process_id;
  DiscNode       *me;
  DiscMembership *membership;
  DiscCodec      *codec;
  DiscRateLimit  *rate_limit;   /* nullable: new-node-rate 0 */
  DiscStats       stats;
  GHashTable     *channels;     /* name -> GUINT_TO_POINTER (quark) */
  IgnoreMode      ignore_mode;

  GMainContext   *context;
  GSocket        *socket;
  GSource        *receive_source;
  GSource        *hello_source;
  GSource        *check_source;
  gulong          network_changed_id;
  GPtrArray      *destinations; /* of Destination */
  gboolean        default_broadcast;
  guint8         *receive_buffer;
  GHashTable     *reported_send_errors;  /* nullable; messages since the last clean send */
} DiscDiscoveryPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (DiscDiscovery, disc_discovery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HELLO_INTERVAL,
  PROP_CHECK_INTERVAL,
  PROP_NODE_TIMEOUT,
  PROP_MASTER_TIMEOUT,
  PROP_MASTERS_REQUIRED,
  PROP_WEIGHT,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_BROADCAST,
  PROP_MULTICAST,
  PROP_MULTICAST_TTL,
  PROP_ALGORITHM,
  PROP_KEY,
  PROP_IGNORE,
  PROP_IGNORE_DATA_ERRORS,
  PROP_UNICAST,
  PROP_REUSE_ADDRESS,
  PROP_HOST_NAME,
  PROP_MASTER_ELIGIBLE,
  PROP_DIALECT,
  PROP_MAX_NODES,
  PROP_LISTEN_ONLY,
  PROP_NEW_NODE_RATE,
  PROP_RUNNING,
  PROP_IS_MASTER,
  PROP_NODES,
  N_PROPS
};

enum {
  SIGNAL_ADDED,
  SIGNAL_REMOVED,
  SIGNAL_MASTER,
  SIGNAL_HELLO,
  SIGNAL_PROMOTION,
  SIGNAL_DEMOTION,
  SIGNAL_MESSAGE,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The protocol's own events: a message on one of these could otherwise be
 * mistaken for the event itself, as in the seed (its TODO about
 * EventEmitter2 and unconstrained event names). */
static const char * const reserved_channels[] = {
  "hello", GOODBYE_EVENT, "added", "removed", "master", "promotion", "demotion",
  "message", "error", "newListener", "removeListener",
};

static void send_hello (DiscDiscovery *self);

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static gint64
wall_ms (void)
{
  return g_get_real_time () / 1000;
}

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

static void
destination_free (Destination *destination)
{
  g_clear_object (&destination->address);
  g_free (destination->source);
  g_free (destination);
}

/* Signals from the membership core. */
static void
on_membership_event (DiscMembershipEvent  event,
                     DiscNode            *node,
                     gpointer             user_data)
{
  DiscDiscovery *self = user_data;

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

static DiscMembershipConfig
membership_config (DiscDiscoveryPrivate *priv)
{
  return (DiscMembershipConfig) {
    .check_interval_ms = priv->check_interval,
    .node_timeout_ms = priv->node_timeout,
    .master_timeout_ms = priv->master_timeout,
    .masters_required = priv->masters_required,
    .max_nodes = priv->max_nodes,
    .observer = priv->listen_only,
  };
}

static void
emit_error (DiscDiscovery *self,
            GError        *error)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

/* Sending */

static void
report_send_error (DiscDiscovery *self,
                   GError        *error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  /* A missing route fails every hello; say so once per new error, not
   * once a second, until a send reaches every destination again. */
  if (priv->reported_send_errors == NULL)
    priv->reported_send_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_add (priv->reported_send_errors, g_strdup (error->message)))
    return;
  emit_error (self, error);
}

/* Sends every datagram of one message to @to; stops at the first that the
 * socket refuses. */
static gboolean
send_datagrams (DiscDiscovery  *self,
                GSocketAddress *to,
                GPtrArray      *datagrams,
                GError        **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  for (guint i = 0; i < datagrams->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gsize len;
      const char *data = g_bytes_get_data (datagrams->pdata[i], &len);

      if (g_socket_send_to (priv->socket, to, data, len, NULL, &local_error) < 0)
        {
          g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (to));

          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                       "could not send to %s: %s", where, local_error->message);
          return FALSE;
        }
      priv->stats.sent++;
    }
  return TRUE;
}

/* Sends to every destination. A destination that fails is reported by
 * ::error; only when none of them took the message does the caller get
 * the error instead. */
static gboolean
send_envelope_to_all (DiscDiscovery *self,
                      const char    *event,
                      JsonNode      *data,
                      GError       **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autoptr(DiscEnvelope) envelope = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;
  g_autoptr(GError) first_error = NULL;
  guint delivered = 0;

  envelope = disc_envelope_new (event, priv->process_id, disc_node_get_id (priv->me),
                                disc_node_get_host_name (priv->me), data);
  datagrams = disc_codec_encode (priv->codec, envelope, error);
  if (datagrams == NULL)
    return FALSE;
  for (guint i = 0; i < priv->destinations->len; i++)
    {
      Destination *destination = priv->destinations->pdata[i];
      g_autoptr(GError) send_error = NULL;

      if (send_datagrams (self, destination->address, datagrams, &send_error))
        delivered++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&send_error);
      else
        report_send_error (self, send_error);
    }
  if (first_error == NULL)
    {
      /* Every destination took it: a failure that comes back is news. */
      g_clear_pointer (&priv->reported_send_errors, g_hash_table_unref);
      return TRUE;
    }
  if (delivered > 0)
    {
      report_send_error (self, first_error);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

static void
send_hello (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  DiscHello hello = { 0, };
  guint delivered = 0;

  if (priv->socket == NULL || priv->listen_only)
    return;

  disc_membership_fill_hello (priv->membership, &hello);

  /* Each destination hears the address of the interface that reaches it,
   * which is what the seed's "127.0.0.1" was meant to be. */
  for (guint i = 0; i < priv->destinations->len; i++)
    {
      Destination *destination = priv->destinations->pdata[i];
      g_autoptr(DiscEnvelope) envelope = NULL;
      g_autoptr(GPtrArray) datagrams = NULL;
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(GError) error = NULL;

      hello.address = destination->source;
      data = disc_hello_build (&hello, disc_codec_get_dialect (priv->codec));
      envelope = disc_envelope_new ("hello", priv->process_id, disc_node_get_id (priv->me),
                                    disc_node_get_host_name (priv->me), data);
      datagrams = disc_codec_encode (priv->codec, envelope, &error);
      if (datagrams == NULL)
        {
          report_send_error (self, error);
          break;
        }
      if (send_datagrams (self, destination->address, datagrams, &error))
        delivered++;
      else
        report_send_error (self, error);
    }
  if (delivered == priv->destinations->len)
    g_clear_pointer (&priv->reported_send_errors, g_hash_table_unref);
  hello.address = NULL;
  disc_hello_clear (&hello);
}

/* Destinations */

static GSocketAddress *
parse_host_port (const char *text,
                 guint       default_port,
                 GError    **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  GSocketAddress *address;
  g_autoptr(GError) local_error = NULL;

  connectable = g_network_address_parse (text, default_port, &local_error);
  if (connectable == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "unicast: “%s” is not host[:port]: %s", text, local_error->message);
      return NULL;
    }
  enumerator = g_socket_connectable_enumerate (connectable);
  while ((address = g_socket_address_enumerator_next (enumerator, NULL, &local_error)) != NULL)
    {
      if (G_IS_INET_SOCKET_ADDRESS (address) &&
          g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        {
          /* The kernel refuses to send to port 0; say so now, not on every hello. */
          if (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) == 0)
            {
              g_object_unref (address);
              g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                           "unicast: “%s”: port 0 cannot be sent to; give a port in 1–65535", text);
              return NULL;
            }
          return address;
        }
      g_object_unref (address);
    }
  g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
               "unicast: “%s” has no IPv4 address%s%s", text,
               local_error ? ": " : "", local_error ? local_error->message : "");
  return NULL;
}

static void
add_destination (GPtrArray      *destinations,
                 GSocketAddress *address,
                 const char     *bind_address)
{
  Destination *destination = g_new0 (Destination, 1);
  GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

  destination->address = address;
  if (g_strcmp0 (bind_address, DEFAULT_ADDRESS) != 0)
    destination->source = g_strdup (bind_address);
  else
    destination->source = disc_interfaces_source_for (inet);
  if (destination->source == NULL)
    destination->source = g_strdup (DEFAULT_ADDRESS);
  g_ptr_array_add (destinations, destination);
}

static GPtrArray *
build_destinations (DiscDiscoveryPrivate *priv,
                    GError              **error)
{
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func ((GDestroyNotify) destination_free);

  if (priv->unicast != NULL && priv->unicast[0] != NULL)
    {
      for (guint i = 0; priv->unicast[i] != NULL; i++)
        {
          GSocketAddress *address = parse_host_port (priv->unicast[i], priv->port, error);

          if (address == NULL)
            return NULL;
          add_destination (destinations, address, priv->address);
        }
    }
  else if (priv->multicast != NULL)
    add_destination (destinations, g_inet_socket_address_new_from_string (priv->multicast, priv->port),
                     priv->address);
  else if (priv->broadcast != NULL)
    add_destination (destinations, g_inet_socket_address_new_from_string (priv->broadcast, priv->port),
                     priv->address);
  else
    {
      /* The seed's TODO: the broadcast address of each interface that has
       * one, and 255.255.255.255 only when none does. */
      g_autoptr(GPtrArray) interfaces = disc_interfaces_list_broadcast ();

      for (guint i = 0; i < interfaces->len; i++)
        {
          DiscInterface *iface = interfaces->pdata[i];
          Destination *destination;

          if (g_strcmp0 (priv->address, DEFAULT_ADDRESS) != 0 &&
              g_strcmp0 (priv->address, iface->address) != 0)
            continue;
          destination = g_new0 (Destination, 1);
          destination->address = g_inet_socket_address_new_from_string (iface->broadcast, priv->port);
          destination->source = g_strdup (iface->address);
          g_ptr_array_add (destinations, destination);
        }
      if (destinations->len == 0)
        add_destination (destinations, g_inet_socket_address_new_from_string ("255.255.255.255", priv->port),
                         priv->address);
    }
  return g_steal_pointer (&destinations);
}

static void
update_my_address (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  if (priv->destinations->len > 0)
    {
      Destination *first = priv->destinations->pdata[0];

      _disc_node_set_address (priv->me, first->source);
    }
}

static void
refresh_default_destinations (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autoptr(GPtrArray) destinations = NULL;

  if (!priv->default_broadcast || priv->socket == NULL)
    return;
  destinations = build_destinations (priv, NULL);
  if (destinations == NULL)
    return;
  g_ptr_array_unref (priv->destinations);
  priv->destinations = g_steal_pointer (&destinations);
  update_my_address (self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  refresh_default_destinations (DISC_DISCOVERY (user_data));
}

/* Receiving */

static gboolean
channel_is_reserved (const char *channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_channels); i++)
    if (strcmp (channel, reserved_channels[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
should_ignore (DiscDiscoveryPrivate *priv,
               DiscEnvelope         *envelope)
{
  switch (priv->ignore_mode)
    {
    case IGNORE_SELF:
      return strcmp (envelope->iid, disc_node_get_id (priv->me)) == 0;
    case IGNORE_PROCESS:
      return strcmp (envelope->pid, priv->process_id) == 0;
    case IGNORE_NONE:
    default:
      return FALSE;
    }
}

static void
report_drop (DiscDiscovery        *self,
             DiscDropReason        reason,
             GInetSocketAddress   *from)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autofree char *where = NULL;
  g_autoptr(GError) error = NULL;

  if (priv->ignore_data_errors)
    return;
  /* A partial message that times out has no one datagram to blame. */
  where = from ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (from))
               : g_strdup ("several datagrams");
  error = g_error_new (DISC_ERROR, DISC_ERROR_BAD_PACKET, "dropped a packet from %s: %s",
                       where, disc_drop_reason_describe (reason));
  emit_error (self, error);
}

static void
dispatch_envelope (DiscDiscovery      *self,
                   DiscEnvelope       *envelope,
                   GInetSocketAddress *from)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  const char *my_id = disc_node_get_id (priv->me);
  gboolean from_me = strcmp (envelope->iid, my_id) == 0;
  gpointer quark;

  if (strcmp (envelope->event, "hello") == 0)
    {
      DiscHello hello;
      g_autofree char *address = NULL;

      /* A node is never its own peer, whatever "ignore" says. */
      if (from_me || should_ignore (priv, envelope))
        return;
      if (!disc_hello_parse (envelope->data, &hello))
        {
          priv->stats.drops[DISC_DROP_HELLO]++;
          report_drop (self, DISC_DROP_HELLO, from);
          return;
        }
      if (priv->rate_limit != NULL &&
          disc_membership_lookup (priv->membership, envelope->iid) == NULL)
        {
          GInetAddress *inet = g_inet_socket_address_get_address (from);
          guint32 source = 0;

          if (g_inet_address_get_native_size (inet) == 4)
            memcpy (&source, g_inet_address_to_bytes (inet), 4);
          if (!disc_rate_limit_take (priv->rate_limit, source, now_ms ()))
            {
              disc_hello_clear (&hello);
              priv->stats.drops[DISC_DROP_RATE_LIMIT]++;
              report_drop (self, DISC_DROP_RATE_LIMIT, from);
              return;
            }
        }
      address = g_inet_address_to_string (g_inet_socket_address_get_address (from));
      if (!disc_membership_handle_hello (priv->membership, envelope->iid, envelope->pid,
                                         envelope->host_name, address,
                                         g_inet_socket_address_get_port (from),
                                         &hello, now_ms (), wall_ms ()))
        {
          priv->stats.drops[DISC_DROP_NODE_LIMIT]++;
          report_drop (self, DISC_DROP_NODE_LIMIT, from);
        }
      disc_hello_clear (&hello);
      return;
    }

  if (strcmp (envelope->event, GOODBYE_EVENT) == 0)
    {
      if (!from_me)
        disc_membership_handle_goodbye (priv->membership, envelope->iid, now_ms ());
      return;
    }

  /* Anything else is a channel message, delivered only on joined channels:
   * a name off the network never becomes a signal name or a quark. */
  if (should_ignore (priv, envelope) ||
      !g_hash_table_lookup_extended (priv->channels, envelope->event, NULL, &quark))
    return;

  g_signal_emit (self, signals[SIGNAL_MESSAGE], GPOINTER_TO_UINT (quark),
                 envelope->event, envelope->data,
                 from_me ? priv->me : disc_membership_lookup (priv->membership, envelope->iid));
}

static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  DiscDiscovery *self = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);

  g_object_ref (self);

  /* Drain what is queued, but in bounded batches so that a flood cannot
   * starve the rest of the main loop. */
  for (guint n = 0; n < MAX_DATAGRAMS_PER_DISPATCH && priv->socket != NULL; n++)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GError) error = NULL;
      gssize len;
      int drop;

      len = g_socket_receive_from (priv->socket, &from, (char *) priv->receive_buffer,
                                   RECEIVE_BUFFER_SIZE, NULL, &error);
      if (len < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("receive failed: %s", error->message);
          break;
        }
      if (!G_IS_INET_SOCKET_ADDRESS (from))
        continue;

      g_ptr_array_set_size (envelopes, 0);
      drop = disc_codec_decode (priv->codec, priv->receive_buffer, len, now_ms (),
                                envelopes, &priv->stats);
      if (drop >= 0)
        report_drop (self, drop, G_INET_SOCKET_ADDRESS (from));

      for (guint i = 0; i < envelopes->len && priv->socket != NULL; i++)
        dispatch_envelope (self, envelopes->pdata[i], G_INET_SOCKET_ADDRESS (from));
    }

  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

/* Timers */

static gboolean
on_hello_timeout (gpointer user_data)
{
  send_hello (DISC_DISCOVERY (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
on_check_timeout (gpointer user_data)
{
  DiscDiscovery *self = user_data;
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  gint64 now = now_ms ();
  guint64 expired_before;

  g_object_ref (self);
  expired_before = priv->stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT];
  disc_codec_expire (priv->codec, now, &priv->stats);
  for (guint64 i = expired_before; i < priv->stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT]; i++)
    report_drop (self, DISC_DROP_REASSEMBLY_TIMEOUT, NULL);
  /* getifaddrs is cheap; rescanning here covers systems where
   * GNetworkMonitor cannot see address changes (containers, namespaces). */
  refresh_default_destinations (self);
  if (priv->socket != NULL)
    disc_membership_check (priv->membership, now);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

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

/* Options */

static gboolean
parse_ipv4 (const char  *option,
            const char  *text,
            GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "%s: “%s” is not an IPv4 address", option, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_options (DiscDiscovery  *self,
                  GError        **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

#define FAIL(...) G_STMT_START { \
    g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END

  if (priv->node_timeout < priv->check_interval)
    FAIL ("node-timeout (%u ms) must be at least check-interval (%u ms)",
          priv->node_timeout, priv->check_interval);
  if (priv->master_timeout < priv->node_timeout)
    FAIL ("master-timeout (%u ms) must be at least node-timeout (%u ms)",
          priv->master_timeout, priv->node_timeout);
  if (!parse_ipv4 ("address", priv->address, error))
    return FALSE;
  if (priv->broadcast != NULL && !parse_ipv4 ("broadcast", priv->broadcast, error))
    return FALSE;
  if (priv->multicast != NULL)
    {
      g_autoptr(GInetAddress) group = NULL;

      if (!parse_ipv4 ("multicast", priv->multicast, error))
        return FALSE;
      group = g_inet_address_new_from_string (priv->multicast);
      if (!g_inet_address_get_is_multicast (group))
        FAIL ("multicast: “%s” is not a multicast address (224.0.0.0/4)", priv->multicast);
    }
  if (priv->broadcast != NULL && priv->multicast != NULL)
    FAIL ("broadcast and multicast are both set; set only one of them");
  if (priv->unicast != NULL && priv->unicast[0] != NULL &&
      (priv->broadcast != NULL || priv->multicast != NULL))
    FAIL ("unicast cannot be combined with %s; set only one of them",
          priv->broadcast != NULL ? "broadcast" : "multicast");
  if (priv->key != NULL && *priv->key == '\0')
    FAIL ("key: the key is empty; unset it for no encryption");
  if (!disc_legacy_cipher_algorithm_is_known (priv->algorithm) &&
      !disc_aead_algorithm_is (priv->algorithm))
    FAIL ("algorithm: unknown algorithm “%s” (use aes-256-gcm, or aes256, aes192 or aes128 "
          "to talk to the npm packages)",
          priv->algorithm ? priv->algorithm : "");
  if (priv->extra_keys->len > 0 && priv->key == NULL)
    FAIL ("key: the keyring has %u keys but none to send with; choose one with "
          "disc_discovery_use_key()", priv->extra_keys->len);
  if (priv->extra_keys->len > 0 && !disc_aead_algorithm_is (priv->algorithm))
    FAIL ("algorithm: a keyring of %u keys needs aes-256-gcm, not “%s”",
          priv->extra_keys->len + 1, priv->algorithm);

  if (g_strcmp0 (priv->ignore, "self") == 0)
    priv->ignore_mode = IGNORE_SELF;
  else if (g_strcmp0 (priv->ignore, "process") == 0)
    priv->ignore_mode = IGNORE_PROCESS;
  else if (g_strcmp0 (priv->ignore, "none") == 0)
    priv->ignore_mode = IGNORE_NONE;
  else
    FAIL ("ignore: “%s” is not one of self, process, none", priv->ignore ? priv->ignore : "");

  if (g_strcmp0 (priv->dialect, "wrap") != 0 && g_strcmp0 (priv->dialect, "plain") != 0)
    FAIL ("dialect: “%s” is not one of wrap, plain", priv->dialect ? priv->dialect : "");

#undef FAIL
  return TRUE;
}

static GSocket *
open_socket (DiscDiscoveryPrivate *priv,
             GError              **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GError) local_error = NULL;
  struct sockaddr_storage native;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &local_error);
  if (socket == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                   "could not create a UDP socket: %s", local_error->message);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_broadcast (socket, TRUE);
  /* Hellos arrive in bursts (a cluster starting, a flood); the default
   * 208 KiB drops some. The kernel caps this at net.core.rmem_max. */
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, 4 * 1024 * 1024, NULL);

  /* SO_REUSEADDR only, as Node's reuseAddr: every process on the host gets
   * broadcasts, and nothing load-balances datagrams between them. */
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, priv->reuse_address, &local_error))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                   "reuse-address: %s", local_error->message);
      return NULL;
    }

  /* Bound by hand: g_socket_bind() would set SO_REUSEADDR to its own
   * argument and add SO_REUSEPORT, which we do not want. */
  bind_address = g_inet_socket_address_new_from_string (priv->address, priv->port);
  if (!g_socket_address_to_native (bind_address, &native, sizeof native, &local_error))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "address: %s", local_error->message);
      return NULL;
    }
  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native,
            g_socket_address_get_native_size (bind_address)) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EADDRINUSE)
        g_set_error (error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE,
                     "port: UDP port %u on %s is in use by a socket that does not share it; "
                     "choose another port, or enable reuse-address on every process using it",
                     priv->port, priv->address);
      else
        g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                     "address: could not bind to %s port %u: %s",
                     priv->address, priv->port, g_strerror (saved_errno));
      return NULL;
    }

  if (priv->multicast != NULL)
    {
      g_autoptr(GInetAddress) group = g_inet_address_new_from_string (priv->multicast);

      if (!g_socket_join_multicast_group (socket, group, FALSE, NULL, &local_error))
        {
          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                       "multicast: could not join %s: %s", priv->multicast, local_error->message);
          return NULL;
        }
      g_socket_set_multicast_ttl (socket, priv->multicast_ttl);
    }

  return g_steal_pointer (&socket);
}

static DiscDialect
parse_dialect (const char *dialect)
{
  return g_strcmp0 (dialect, "plain") == 0 ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP;
}

/* The keyring (aes-256-gcm) */

static const DiscAeadKey *
derived_key (DiscDiscoveryPrivate *priv,
             const char           *passphrase)
{
  DiscAeadKey *key = g_hash_table_lookup (priv->derived_keys, passphrase);

  if (key == NULL)
    {
      key = g_new0 (DiscAeadKey, 1);
      disc_aead_derive_key (passphrase, key);
      g_hash_table_insert (priv->derived_keys, g_strdup (passphrase), key);
    }
  return key;
}

static void
derived_key_free (gpointer data)
{
  memset (data, 0, sizeof (DiscAeadKey));
  g_free (data);
}

static void
wipe_and_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
forget_derived_key (DiscDiscoveryPrivate *priv,
                    const char           *passphrase)
{
  if (passphrase != NULL)
    g_hash_table_remove (priv->derived_keys, passphrase);
}

/* The primary first, then the others; NULL if there is no primary. */
static GArray *
keyring_keys (DiscDiscoveryPrivate *priv)
{
  GArray *keys;

  if (priv->key == NULL)
    return NULL;
  keys = g_array_new (FALSE, FALSE, sizeof (DiscAeadKey));
  g_array_append_val (keys, *derived_key (priv, priv->key));
  for (guint i = 0; i < priv->extra_keys->len; i++)
    g_array_append_val (keys, *derived_key (priv, priv->extra_keys->pdata[i]));
  return keys;
}

static void
wipe_keys (GArray *keys)
{
  if (keys == NULL)
    return;
  memset (keys->data, 0, keys->len * sizeof (DiscAeadKey));
  g_array_unref (keys);
}

/* Running with aes-256-gcm: the codec takes the keyring as it is now. */
static gboolean
sync_keyring (DiscDiscovery  *self,
              GError        **error)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);
  GArray *keys;
  gboolean ok;

  if (priv->codec == NULL || !disc_codec_is_authenticated (priv->codec))
    return TRUE;
  keys = keyring_keys (priv);
  if (keys == NULL)
    return TRUE;   /* no key to send with: keep the old ones until restart */
  ok = disc_codec_set_aead_keys (priv->codec, (const DiscAeadKey *) keys->data, keys->len, error);
  wipe_keys (keys);
  return ok;
}

static int
find_extra_key (DiscDiscoveryPrivate *priv,
                const char           *passphrase)
{
  for (guint i = 0; i < priv->extra_keys->len; i++)
    if (strcmp (priv->extra_keys->pdata[i], passphrase) == 0)
      return i;
  return -1;
}

static gboolean
check_key_argument (DiscDiscoveryPrivate *priv,
                    const char           *function,
                    const char           *key,
                    GError              **error)
{
  if (*key == '\0')
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: %s: the key is empty", function);
      return FALSE;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: %s: the key is not UTF-8 text", function);
      return FALSE;
    }
  if (!disc_aead_algorithm_is (priv->algorithm))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "algorithm: %s: a keyring needs the aes-256-gcm algorithm, not “%s”",
                   function, priv->algorithm ? priv->algorithm : "");
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
teardown (DiscDiscovery *self,
          gboolean       say_goodbye)
{
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  if (priv->socket == NULL)
    return;

  if (say_goodbye && !priv->listen_only)
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
      if (!send_envelope_to_all (self, GOODBYE_EVENT, data, &error))
        report_send_error (self, error);
    }

  if (priv->network_changed_id != 0)
    {
      g_signal_handler_disconnect (g_network_monitor_get_default (), priv->network_changed_id);
      priv->network_changed_id = 0;
    }
  g_clear_pointer (&priv->receive_source, g_source_destroy);
  g_clear_pointer (&priv->hello_source, g_source_destroy);
  g_clear_pointer (&priv->check_source, g_source_destroy);
  g_socket_close (priv->socket, NULL);
  g_clear_object (&priv->socket);
  g_clear_pointer (&priv->destinations, g_ptr_array_unref);
  g_clear_pointer (&priv->context, g_main_context_unref);
  g_clear_pointer (&priv->codec, disc_codec_free);
  g_clear_pointer (&priv->rate_limit, disc_rate_limit_free);
  g_clear_pointer (&priv->reported_send_errors, g_hash_table_unref);
}

static void
disc_discovery_dispose (GObject *object)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  /* Peers still hear the goodbye, but no signals are emitted from here. */
  g_clear_pointer (&priv->membership, disc_membership_free);
  teardown (self, TRUE);

  G_OBJECT_CLASS (disc_discovery_parent_class)->dispose (object);
}

static void
disc_discovery_finalize (GObject *object)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  g_free (priv->address);
  g_free (priv->broadcast);
  g_free (priv->multicast);
  g_free (priv->algorithm);
  if (priv->key != NULL)
    memset (priv->key, 0, strlen (priv->key));
  g_free (priv->key);
  g_clear_pointer (&priv->extra_keys, g_ptr_array_unref);
  g_clear_pointer (&priv->derived_keys, g_hash_table_unref);
  g_free (priv->ignore);
  g_strfreev (priv->unicast);
  g_free (priv->dialect);
  g_free (priv->process_id);
  g_free (priv->receive_buffer);
  g_clear_object (&priv->me);
  g_clear_pointer (&priv->channels, g_hash_table_unref);

  G_OBJECT_CLASS (disc_discovery_parent_class)->finalize (object);
}

static void
disc_discovery_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_HELLO_INTERVAL: g_value_set_uint (value, priv->hello_interval); break;
    case PROP_CHECK_INTERVAL: g_value_set_uint (value, priv->check_interval); break;
    case PROP_NODE_TIMEOUT: g_value_set_uint (value, priv->node_timeout); break;
    case PROP_MASTER_TIMEOUT: g_value_set_uint (value, priv->master_timeout); break;
    case PROP_MASTERS_REQUIRED: g_value_set_uint (value, priv->masters_required); break;
    case PROP_WEIGHT: g_value_set_double (value, disc_node_get_weight (priv->me)); break;
    case PROP_ADDRESS: g_value_set_string (value, priv->address); break;
    case PROP_PORT: g_value_set_uint (value, priv->port); break;
    case PROP_BROADCAST: g_value_set_string (value, priv->broadcast); break;
    case PROP_MULTICAST: g_value_set_string (value, priv->multicast); break;
    case PROP_MULTICAST_TTL: g_value_set_uint (value, priv->multicast_ttl); break;
    case PROP_ALGORITHM: g_value_set_string (value, priv->algorithm); break;
    case PROP_KEY: g_value_set_string (value, priv->key); break;
    case PROP_IGNORE: g_value_set_string (value, priv->ignore); break;
    case PROP_IGNORE_DATA_ERRORS: g_value_set_boolean (value, priv->ignore_data_errors); break;
    case PROP_UNICAST: g_value_set_boxed (value, priv->unicast); break;
    case PROP_REUSE_ADDRESS: g_value_set_boolean (value, priv->reuse_address); break;
    case PROP_HOST_NAME: g_value_set_string (value, disc_node_get_host_name (priv->me)); break;
    case PROP_MASTER_ELIGIBLE: g_value_set_boolean (value, disc_node_get_is_master_eligible (priv->me)); break;
    case PROP_DIALECT: g_value_set_string (value, priv->dialect); break;
    case PROP_MAX_NODES: g_value_set_uint (value, priv->max_nodes); break;
    case PROP_LISTEN_ONLY: g_value_set_boolean (value, priv->listen_only); break;
    case PROP_NEW_NODE_RATE: g_value_set_uint (value, priv->new_node_rate); break;
    case PROP_RUNNING: g_value_set_boolean (value, priv->socket != NULL); break;
    case PROP_IS_MASTER: g_value_set_boolean (value, disc_node_get_is_master (priv->me)); break;
    case PROP_NODES: g_value_set_object (value, disc_discovery_get_nodes (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint (GObject *object, guint *field, const GValue *value, GParamSpec *pspec)
{
  guint v = g_value_get_uint (value);

  if (*field != v)
    {
      *field = v;
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
set_boolean (GObject *object, gboolean *field, const GValue *value, GParamSpec *pspec)
{
  gboolean v = g_value_get_boolean (value);

  if (*field != v)
    {
      *field = v;
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
set_string (GObject *object, char **field, const GValue *value, GParamSpec *pspec)
{
  const char *v = g_value_get_string (value);

  if (g_strcmp0 (*field, v) != 0)
    {
      g_free (*field);
      *field = g_strdup (v);
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
disc_discovery_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = disc_discovery_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_HELLO_INTERVAL: set_uint (object, &priv->hello_interval, value, pspec); break;
    case PROP_CHECK_INTERVAL: set_uint (object, &priv->check_interval, value, pspec); break;
    case PROP_NODE_TIMEOUT: set_uint (object, &priv->node_timeout, value, pspec); break;
    case PROP_MASTER_TIMEOUT: set_uint (object, &priv->master_timeout, value, pspec); break;
    case PROP_MASTERS_REQUIRED: set_uint (object, &priv->masters_required, value, pspec); break;
    case PROP_WEIGHT:
      if (disc_node_get_weight (priv->me) != g_value_get_double (value))
        {
          _disc_node_set_weight (priv->me, g_value_get_double (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ADDRESS:
      {
        /* NULL means the default, as for the seed's options */
        const char *address = g_value_get_string (value);

        if (address == NULL)
          address = DEFAULT_ADDRESS;
        if (g_strcmp0 (priv->address, address) != 0)
          {
            g_free (priv->address);
            priv->address = g_strdup (address);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_PORT:
      set_uint (object, &priv->port, value, pspec);
      _disc_node_set_port (priv->me, priv->port);
      break;
    case PROP_BROADCAST: set_string (object, &priv->broadcast, value, pspec); break;
    case PROP_MULTICAST: set_string (object, &priv->multicast, value, pspec); break;
    case PROP_MULTICAST_TTL: set_uint (object, &priv->multicast_ttl, value, pspec); break;
    case PROP_ALGORITHM: set_string (object, &priv->algorithm, value, pspec); break;
    case PROP_KEY:
      {
        const char *key = g_value_get_string (value);

        if (g_strcmp0 (priv->key, key) != 0)
          {
            int extra = key != NULL ? find_extra_key (priv, key) : -1;

            /* The old primary leaves the keyring, unless it was also added
             * with add_key(); a key promoted from the others is not kept twice. */
            if (extra >= 0)
              g_ptr_array_remove_index (priv->extra_keys, extra);
            forget_derived_key (priv, priv->key);
            wipe_and_free (priv->key);
            priv->key = g_strdup (key);
            sync_keyring (self, NULL);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_IGNORE: set_string (object, &priv->ignore, value, pspec); break;
    case PROP_IGNORE_DATA_ERRORS: set_boolean (object, &priv->ignore_data_errors, value, pspec); break;
    case PROP_UNICAST:
      {
        char **unicast = g_value_get_boxed (value);

        if (!(priv->unicast == unicast ||
              (priv->unicast != NULL && unicast != NULL &&
               g_strv_equal ((const char * const *) priv->unicast, (const char * const *) unicast))))
          {
            g_strfreev (priv->unicast);
            priv->unicast = g_strdupv (unicast);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_REUSE_ADDRESS: set_boolean (object, &priv->reuse_address, value, pspec); break;
    case PROP_HOST_NAME:
      {
        const char *host_name = g_value_get_string (value);

        if (host_name == NULL)
          {
            host_name = g_getenv ("DISCOVERY_HOSTNAME");
            if (host_name == NULL || *host_name == '\0')
              host_name = g_get_host_name ();
          }
        if (g_strcmp0 (host_name, disc_node_get_host_name (priv->me)) != 0)
          {
            _disc_node_set_host_name (priv->me, host_name);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_MASTER_ELIGIBLE:
      if (disc_node_get_is_master_eligible (priv->me) != g_value_get_boolean (value))
        {
          disc_membership_set_eligible (priv->membership, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DIALECT: set_string (object, &priv->dialect, value, pspec); break;
    case PROP_MAX_NODES: set_uint (object, &priv->max_nodes, value, pspec); break;
    case PROP_LISTEN_ONLY: set_boolean (object, &priv->listen_only, value, pspec); break;
    case PROP_NEW_NODE_RATE: set_uint (object, &priv->new_node_rate, value, pspec); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_discovery_class_init (DiscDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rwc = rw | G_PARAM_CONSTRUCT;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_discovery_dispose;
  object_class->finalize = disc_discovery_finalize;
  object_class->get_property = disc_discovery_get_property;
  object_class->set_property = disc_discovery_set_property;

  klass->advertise = disc_discovery_real_advertise;
  klass->stopping = disc_discovery_real_stopping;

  /**
   * DiscDiscovery:hello-interval:
   *
   * How often to broadcast a hello, in milliseconds (the seed's `helloInterval`).
   */
  properties[PROP_HELLO_INTERVAL] =
    g_param_spec_uint ("hello-interval", NULL, NULL, 1, G_MAXINT, DEFAULT_HELLO_INTERVAL, rwc);

  /**
   * DiscDiscovery:check-interval:
   *
   * How often to look for nodes that went silent, in milliseconds (`checkInterval`).
   */
  properties[PROP_CHECK_INTERVAL] =
    g_param_spec_uint ("check-interval", NULL, NULL, 1, G_MAXINT, DEFAULT_CHECK_INTERVAL, rwc);

  /**
   * DiscDiscovery:node-timeout:
   *
   * A node not heard from for this many milliseconds is removed
   * (`nodeTimeout`). Must be at least [property@Disc.Discovery:check-interval].
   *
   * The default (two hello intervals) drops a node after two lost hellos
   * in a row. On lossy networks use 3.5 × [property@Disc.Discovery:hello-interval]
   * for this and [property@Disc.Discovery:master-timeout], with
   * [property@Disc.Discovery:check-interval] equal to the hello interval:
   * it takes three lost hellos in a row to remove a node, and a dead
   * master is replaced within master-timeout + check-interval +
   * hello-interval. An exact multiple of the hello interval leaves no
   * margin for jitter (see doc/reliability.md).
   */
  properties[PROP_NODE_TIMEOUT] =
    g_param_spec_uint ("node-timeout", NULL, NULL, 1, G_MAXINT, DEFAULT_NODE_TIMEOUT, rwc);

  /**
   * DiscDiscovery:master-timeout:
   *
   * A master not heard from for this many milliseconds is removed
   * (`masterTimeout`). Must be at least [property@Disc.Discovery:node-timeout].
   */
  properties[PROP_MASTER_TIMEOUT] =
    g_param_spec_uint ("master-timeout", NULL, NULL, 1, G_MAXINT, DEFAULT_MASTER_TIMEOUT, rwc);

  /**
   * DiscDiscovery:masters-required:
   *
   * How many masters should always be alive (`mastersRequired`); 0
   * disables the election.
   */
  properties[PROP_MASTERS_REQUIRED] =
    g_param_spec_uint ("masters-required", NULL, NULL, 0, 1000, DEFAULT_MASTERS_REQUIRED, rwc);

  /**
   * DiscDiscovery:weight:
   *
   * Preference for mastership: higher wins, ties are broken by instance id.
   * Random in [0, 1) unless set. Applies at once.
   */
  properties[PROP_WEIGHT] =
    g_param_spec_double ("weight", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);

  /**
   * DiscDiscovery:address:
   *
   * The IPv4 address to bind to (`address`).
   */
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, DEFAULT_ADDRESS, rwc);

  /**
   * DiscDiscovery:port:
   *
   * The UDP port to bind to and send to (`port`).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, DEFAULT_PORT, rwc);

  /**
   * DiscDiscovery:broadcast:
   *
   * The broadcast address to send to. When %NULL (and neither multicast nor
   * unicast is set), hellos go to the broadcast address of every up,
   * broadcast-capable interface, rescanned when interfaces change, and to
   * 255.255.255.255 only when there is none.
   */
  properties[PROP_BROADCAST] =
    g_param_spec_string ("broadcast", NULL, NULL, NULL, rwc);

  /**
   * DiscDiscovery:multicast:
   *
   * A multicast group to join and send to instead of broadcasting.
   */
  properties[PROP_MULTICAST] =
    g_param_spec_string ("multicast", NULL, NULL, NULL, rwc);

  /**
   * DiscDiscovery:multicast-ttl:
   *
   * The TTL of multicast datagrams (the seed's `mulitcastTTL`).
   */
  properties[PROP_MULTICAST_TTL] =
    g_param_spec_uint ("multicast-ttl", NULL, NULL, 0, 255, DEFAULT_MULTICAST_TTL, rwc);

  /**
   * DiscDiscovery:algorithm:
   *
   * The cipher used when [property@Disc.Discovery:key] is set.
   *
   * "aes-256-gcm" is authenticated encryption: the key is derived from the
   * passphrase with PBKDF2-SHA256, every packet has a random nonce, a
   * timestamp and a sequence number, and packets that were altered, forged,
   * replayed or are more than 30 seconds old are dropped
   * (%DISC_DROP_AUTHENTICATION, %DISC_DROP_REPLAY). It needs the peers'
   * clocks within 30 seconds of each other, and it is the only mode with a
   * keyring ([method@Disc.Discovery.add_key]). Only libdisc speaks it.
   *
   * "aes256" (the seed's default), "aes192" and "aes128" are Node's
   * createCipher mode, for talking to the npm packages. That mode gives
   * secrecy only against passive listeners who do not know the passphrase:
   * it has no integrity check, no replay protection, and it reuses one IV,
   * so anyone on the network can replay or alter packets.
   */
  properties[PROP_ALGORITHM] =
    g_param_spec_string ("algorithm", NULL, NULL, DEFAULT_ALGORITHM, rwc);

  /**
   * DiscDiscovery:key:
   *
   * The passphrase packets are encrypted with; %NULL for none.
   *
   * With "aes-256-gcm" this is the primary key of the keyring, the one
   * packets are sent with; setting it while running applies at once, and
   * the previous primary is dropped unless it was added with
   * [method@Disc.Discovery.add_key]. Prefer [method@Disc.Discovery.use_key]
   * to rotate keys without downtime.
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, rwc);

  /**
   * DiscDiscovery:ignore:
   *
   * Which channel messages to ignore: "self" (this instance's own),
   * "process" (every instance in this process; hellos from them too) or
   * "none". This instance never counts itself as a peer.
   */
  properties[PROP_IGNORE] =
    g_param_spec_string ("ignore", NULL, NULL, DEFAULT_IGNORE, rwc);

  /**
   * DiscDiscovery:ignore-data-errors:
   *
   * When %FALSE, every dropped datagram is also reported through
   * [signal@Disc.Discovery::error]. Drops are always counted.
   */
  properties[PROP_IGNORE_DATA_ERRORS] =
    g_param_spec_boolean ("ignore-data-errors", NULL, NULL, TRUE, rwc);

  /**
   * DiscDiscovery:unicast:
   *
   * Peers to send to directly, as "host" or "host:port", for networks
   * without broadcast (node-discover 1.x's `unicast`). List this host too
   * if local instances should find each other.
   */
  properties[PROP_UNICAST] =
    g_param_spec_boxed ("unicast", NULL, NULL, G_TYPE_STRV, rwc);

  /**
   * DiscDiscovery:reuse-address:
   *
   * Let several processes on one host bind the same port (SO_REUSEADDR).
   */
  properties[PROP_REUSE_ADDRESS] =
    g_param_spec_boolean ("reuse-address", NULL, NULL, TRUE, rwc);

  /**
   * DiscDiscovery:host-name:
   *
   * The host name sent in every packet. Setting %NULL restores the default:
   * `$DISCOVERY_HOSTNAME`, else the machine's name. Applies at once.
   */
  properties[PROP_HOST_NAME] =
    g_param_spec_string ("host-name", NULL, NULL, NULL, rwc);

  /**
   * DiscDiscovery:master-eligible:
   *
   * Whether this instance may become a master. [method@Disc.Discovery.promote]
   * sets it, `demote (TRUE)` clears it. Applies at once.
   */
  properties[PROP_MASTER_ELIGIBLE] =
    g_param_spec_boolean ("master-eligible", NULL, NULL, TRUE, rwc);

  /**
   * DiscDiscovery:dialect:
   *
   * What to send: "wrap", node-discovery 0.2's framed packets, or "plain",
   * node-discover 1.x's bare JSON (which cannot carry a message over one
   * datagram). Both are always understood on receipt.
   */
  properties[PROP_DIALECT] =
    g_param_spec_string ("dialect", NULL, NULL, DEFAULT_DIALECT, rwc);

  /**
   * DiscDiscovery:max-nodes:
   *
   * The most nodes the table holds; hellos from further new nodes are
   * dropped and counted as %DISC_DROP_NODE_LIMIT.
   */
  properties[PROP_MAX_NODES] =
    g_param_spec_uint ("max-nodes", NULL, NULL, 1, G_MAXINT, DEFAULT_MAX_NODES, rwc);

  /**
   * DiscDiscovery:listen-only:
   *
   * Send no hellos: watch the network without being seen (node-discover's
   * client mode). Channel messages can still be sent.
   */
  properties[PROP_LISTEN_ONLY] =
    g_param_spec_boolean ("listen-only", NULL, NULL, FALSE, rwc);

  /**
   * DiscDiscovery:new-node-rate:
   *
   * How many new nodes one source address may announce per second; hellos
   * from further new node ids are dropped and counted as
   * %DISC_DROP_RATE_LIMIT until it slows down. Each address may use up
   * four seconds' worth at once (so 64 new nodes by default), and nodes
   * already in the table are never limited. 0 for no limit.
   */
  properties[PROP_NEW_NODE_RATE] =
    g_param_spec_uint ("new-node-rate", NULL, NULL, 0, G_MAXINT / NEW_NODE_BURST_SECONDS,
                       DEFAULT_NEW_NODE_RATE, rwc);

  /**
   * DiscDiscovery:running:
   *
   * Whether the instance has been started and not stopped.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  /**
   * DiscDiscovery:is-master:
   *
   * Whether this instance is a master now.
   */
  properties[PROP_IS_MASTER] =
    g_param_spec_boolean ("is-master", NULL, NULL, FALSE, ro);

  /**
   * DiscDiscovery:nodes:
   *
   * The live list of [class@Disc.Node] heard from, as
   * [method@Disc.Discovery.get_nodes] returns it.
   */
  properties[PROP_NODES] =
    g_param_spec_object ("nodes", NULL, NULL, G_TYPE_LIST_MODEL, ro);

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
   * table was cleared by [method@Disc.Discovery.stop].
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
  _disc_node_set_address (priv->me, DEFAULT_ADDRESS);
  priv->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->extra_keys = g_ptr_array_new_with_free_func (wipe_and_free);
  priv->derived_keys = g_hash_table_new_full (g_str_hash, g_str_equal, wipe_and_free, derived_key_free);

  /* Property defaults are set by G_PARAM_CONSTRUCT; the membership needs
   * a configuration before them, and gets the real one at start(). */
  priv->check_interval = DEFAULT_CHECK_INTERVAL;
  priv->node_timeout = DEFAULT_NODE_TIMEOUT;
  priv->master_timeout = DEFAULT_MASTER_TIMEOUT;
  priv->masters_required = DEFAULT_MASTERS_REQUIRED;
  priv->max_nodes = DEFAULT_MAX_NODES;
  config = membership_config (priv);
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
 * Returns: %TRUE when running; %FALSE with @error set (in the
 *   %DISC_ERROR domain, naming the option at fault) otherwise
 */
gboolean
disc_discovery_start (DiscDiscovery  *self,
                      GError        **error)
{
  DiscDiscoveryPrivate *priv;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(DiscCodec) codec = NULL;
  g_autoptr(GPtrArray) destinations = NULL;
  DiscMembershipConfig config;
  GNetworkMonitor *monitor;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  if (priv->socket != NULL)
    return TRUE;

  if (!validate_options (self, error))
    return FALSE;
  if (priv->key != NULL && disc_aead_algorithm_is (priv->algorithm))
    {
      GArray *keys = keyring_keys (priv);

      codec = disc_codec_new_aead (parse_dialect (priv->dialect),
                                   (const DiscAeadKey *) keys->data, keys->len, error);
      wipe_keys (keys);
    }
  else
    codec = disc_codec_new (parse_dialect (priv->dialect), priv->algorithm, priv->key, error);
  if (codec == NULL)
    return FALSE;
  destinations = build_destinations (priv, error);
  if (destinations == NULL)
    return FALSE;
  socket = open_socket (priv, error);
  if (socket == NULL)
    return FALSE;

  priv->codec = g_steal_pointer (&codec);
  if (priv->new_node_rate > 0)
    priv->rate_limit = disc_rate_limit_new (priv->new_node_rate,
                                            priv->new_node_rate * NEW_NODE_BURST_SECONDS,
                                            DISC_RATE_LIMIT_MAX_SOURCES);
  priv->destinations = g_steal_pointer (&destinations);
  priv->socket = g_steal_pointer (&socket);
  priv->default_broadcast = (priv->unicast == NULL || priv->unicast[0] == NULL) &&
                            priv->broadcast == NULL && priv->multicast == NULL;
  if (priv->receive_buffer == NULL)
    priv->receive_buffer = g_malloc (RECEIVE_BUFFER_SIZE);
  priv->context = g_main_context_ref_thread_default ();
  update_my_address (self);

  config = membership_config (priv);
  disc_membership_set_config (priv->membership, &config);
  disc_membership_start (priv->membership, now_ms ());

  priv->receive_source = g_socket_create_source (priv->socket, G_IO_IN, NULL);
  g_source_set_callback (priv->receive_source, G_SOURCE_FUNC (on_socket_readable), self, NULL);
  g_source_set_static_name (priv->receive_source, "[disc] receive");
  g_source_attach (priv->receive_source, priv->context);
  priv->hello_source = attach_timeout (self, priv->hello_interval, on_hello_timeout, "[disc] hello");
  priv->check_source = attach_timeout (self, priv->check_interval, on_check_timeout, "[disc] check");

  if (priv->default_broadcast)
    {
      monitor = g_network_monitor_get_default ();
      priv->network_changed_id = g_signal_connect_object (monitor, "network-changed",
                                                          G_CALLBACK (on_network_changed),
                                                          self, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* node-discover says hello at once; the seed waits an interval. */
  send_hello (self);
  return TRUE;
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
  if (priv->socket == NULL)
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
  return priv->socket != NULL;
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
  disc_membership_promote (priv->membership, wall_ms ());
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
  disc_membership_demote (priv->membership, permanent, now_ms ());
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
 * Returns: %TRUE if the advertisement was taken
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
 * characters, and not one of the protocol's reserved names.
 *
 * Returns: %TRUE if @channel can be joined and sent on
 */
gboolean
disc_channel_name_is_valid (const char  *channel,
                            GError     **error)
{
  gsize len;

  if (channel == NULL || (len = strlen (channel)) == 0 || len > MAX_CHANNEL_LENGTH ||
      !g_utf8_validate (channel, len, NULL))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL,
                   "a channel name must be 1 to %d bytes of UTF-8", MAX_CHANNEL_LENGTH);
      return FALSE;
    }
  for (const char *p = channel; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_CHANNEL,
                     "a channel name cannot contain control characters");
        return FALSE;
      }
  if (channel_is_reserved (channel))
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL,
                   "“%s” is reserved by the protocol and cannot be used as a channel", channel);
      return FALSE;
    }
  return TRUE;
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

  if (!disc_channel_name_is_valid (channel, NULL))
    return FALSE;
  priv = disc_discovery_get_instance_private (self);
  if (!g_hash_table_contains (priv->channels, channel))
    g_hash_table_insert (priv->channels, g_strdup (channel),
                         GUINT_TO_POINTER (g_quark_from_string (channel)));
  return TRUE;
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
  return g_hash_table_remove (priv->channels, channel);
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
  return g_hash_table_contains (priv->channels, channel);
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
 * and node-discover peers only deliver data that is truthy in JavaScript
 * (not null, false, 0 or "").
 *
 * The message goes to every destination (each interface's broadcast
 * address by default). If some of them cannot be reached, the others still
 * get it and each failure is reported by [signal@Disc.Discovery::error].
 *
 * Returns: %TRUE if sent to at least one destination; %FALSE with @error
 *   set if the channel is reserved or invalid, the message too large,
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
  if (priv->socket == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING,
                   "cannot send on “%s”: the discovery is not started", channel);
      return FALSE;
    }
  return send_envelope_to_all (self, channel, data, error);
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
 * mastership, weight and advertisement.
 *
 * Returns: (transfer none): this instance's node
 */
DiscNode *
disc_discovery_get_me (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);
  priv = disc_discovery_get_instance_private (self);
  _disc_node_set_last_seen (priv->me, wall_ms ());
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

/**
 * disc_discovery_get_drop_count:
 * @self: a discovery
 * @reason: why
 *
 * Counts the received datagrams (or messages) dropped for one reason.
 *
 * Returns: how many datagrams (or messages) were dropped for @reason since
 *   @self was created
 */
guint64
disc_discovery_get_drop_count (DiscDiscovery  *self,
                               DiscDropReason  reason)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, 0);
  priv = disc_discovery_get_instance_private (self);
  return priv->stats.drops[reason];
}

/**
 * disc_discovery_get_drop_total:
 * @self: a discovery
 *
 * Counts the received datagrams dropped for any [enum@Disc.DropReason].
 *
 * Returns: how many datagrams were dropped, for any reason
 */
guint64
disc_discovery_get_drop_total (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = disc_discovery_get_instance_private (self);
  return disc_stats_drop_total (&priv->stats);
}

/**
 * disc_discovery_get_received_count:
 * @self: a discovery
 *
 * Counts the datagrams received since @self was created.
 *
 * Returns: how many datagrams arrived, including dropped ones and our own
 */
guint64
disc_discovery_get_received_count (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = disc_discovery_get_instance_private (self);
  return priv->stats.received;
}

/**
 * disc_discovery_get_sent_count:
 * @self: a discovery
 *
 * Counts the datagrams sent since @self was created: hellos, goodbyes and
 * channel messages.
 *
 * Returns: how many datagrams were sent
 */
guint64
disc_discovery_get_sent_count (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = disc_discovery_get_instance_private (self);
  return priv->stats.sent;
}

/**
 * disc_discovery_add_key:
 * @self: a discovery
 * @key: a passphrase
 *
 * Adds @key to the keyring of the "aes-256-gcm" algorithm: packets sealed
 * with it are accepted from now on, while packets are still sent with the
 * primary key ([property@Disc.Discovery:key]). If there is no primary key
 * yet, @key becomes it. Works while running: the change applies to the
 * next packet.
 *
 * Rotating the key of a cluster without losing a packet, as Serf does:
 * add the new key on every node, then [method@Disc.Discovery.use_key] it on
 * every node, then [method@Disc.Discovery.remove_key] the old one.
 *
 * Each new key is derived from its passphrase once (PBKDF2, about 0.1 s).
 * The keyring holds at most 16 keys.
 *
 * Returns: %TRUE if @key is in the keyring (it may have been already);
 *   %FALSE with @error set (%DISC_ERROR_INVALID_OPTION) if @key is empty,
 *   the algorithm is not "aes-256-gcm", or the keyring is full
 */
gboolean
disc_discovery_add_key (DiscDiscovery  *self,
                        const char     *key,
                        GError        **error)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  if (!check_key_argument (priv, "add_key", key, error))
    return FALSE;
  if (g_strcmp0 (priv->key, key) == 0 || find_extra_key (priv, key) >= 0)
    return TRUE;
  if (priv->key == NULL)
    {
      g_object_set (self, "key", key, NULL);
      return TRUE;
    }
  if (priv->extra_keys->len + 1 >= DISC_AEAD_MAX_KEYS)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: add_key: the keyring is full (%d keys); remove one first",
                   DISC_AEAD_MAX_KEYS);
      return FALSE;
    }
  g_ptr_array_add (priv->extra_keys, g_strdup (key));
  if (!sync_keyring (self, error))
    {
      g_ptr_array_remove_index (priv->extra_keys, priv->extra_keys->len - 1);
      return FALSE;
    }
  return TRUE;
}

/**
 * disc_discovery_remove_key:
 * @self: a discovery
 * @key: a passphrase in the keyring
 *
 * Removes @key from the keyring: packets sealed with it are dropped from
 * now on (%DISC_DROP_DECRYPT). The primary key cannot be removed; choose
 * another with [method@Disc.Discovery.use_key] first. Works while running.
 *
 * Returns: %TRUE if @key was removed; %FALSE with @error set
 *   (%DISC_ERROR_INVALID_OPTION) if it is the primary key or not in the
 *   keyring
 */
gboolean
disc_discovery_remove_key (DiscDiscovery  *self,
                           const char     *key,
                           GError        **error)
{
  DiscDiscoveryPrivate *priv;
  int index;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  if (g_strcmp0 (priv->key, key) == 0)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: remove_key: this is the primary key, which packets are sent with; "
                   "use another key first");
      return FALSE;
    }
  index = find_extra_key (priv, key);
  if (index < 0)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: remove_key: the key is not in the keyring");
      return FALSE;
    }
  g_ptr_array_remove_index (priv->extra_keys, index);
  forget_derived_key (priv, key);
  return sync_keyring (self, error);
}

/**
 * disc_discovery_use_key:
 * @self: a discovery
 * @key: a passphrase in the keyring
 *
 * Makes @key, which must be in the keyring already (see
 * [method@Disc.Discovery.add_key]), the primary key: packets are sent
 * with it from now on. The previous primary stays in the keyring, so
 * packets sealed with it are still accepted. Sets
 * [property@Disc.Discovery:key]. Works while running.
 *
 * Returns: %TRUE if @key is now the primary key; %FALSE with @error set
 *   (%DISC_ERROR_INVALID_OPTION) if it is not in the keyring or the
 *   algorithm is not "aes-256-gcm"
 */
gboolean
disc_discovery_use_key (DiscDiscovery  *self,
                        const char     *key,
                        GError        **error)
{
  DiscDiscoveryPrivate *priv;
  int index;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = disc_discovery_get_instance_private (self);
  if (!check_key_argument (priv, "use_key", key, error))
    return FALSE;
  if (g_strcmp0 (priv->key, key) == 0)
    return TRUE;
  index = find_extra_key (priv, key);
  if (index < 0)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_INVALID_OPTION,
                   "key: use_key: the key is not in the keyring; add it first");
      return FALSE;
    }
  /* Swap: the old primary becomes one of the others. */
  {
    char *promoted = priv->extra_keys->pdata[index];

    priv->extra_keys->pdata[index] = priv->key;
    priv->key = promoted;
  }
  if (!sync_keyring (self, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
  return TRUE;
}

/**
 * disc_discovery_list_keys:
 * @self: a discovery
 *
 * Lists the keyring by key id, never by passphrase: the id is the first 8
 * bytes of a SHA-256 of the derived key, in hex, as sent in every
 * "aes-256-gcm" packet. The primary key comes first. The ids are
 * computed with the aes-256-gcm derivation whatever the algorithm.
 *
 * Returns: (transfer full) (array zero-terminated=1): the key ids, an
 *   empty array if there is no key
 */
char **
disc_discovery_list_keys (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;
  GArray *keys;
  GPtrArray *ids;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);

  priv = disc_discovery_get_instance_private (self);
  ids = g_ptr_array_new ();
  keys = keyring_keys (priv);
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    g_ptr_array_add (ids, disc_aead_key_id_to_string (g_array_index (keys, DiscAeadKey, i).id));
  wipe_keys (keys);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}
