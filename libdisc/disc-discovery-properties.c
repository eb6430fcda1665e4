/* disc-discovery-properties.c: DiscDiscovery's properties
 *
 * The start-time properties read and write the DiscOptions snapshot that
 * start() validates; weight, host-name and master-eligible apply at once
 * to this node.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include "disc-discovery-private.h"
#include "disc-enums.h"
#include "disc-node-private.h"
#include "core/disc-limits.h"

void
_disc_discovery_install_properties (GParamSpec **properties)
{
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rwc = rw | G_PARAM_CONSTRUCT;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags wc = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  /**
   * DiscDiscovery:hello-interval:
   *
   * How often to broadcast a hello, in milliseconds (the seed's `helloInterval`).
   */
  properties[PROP_HELLO_INTERVAL] =
    g_param_spec_uint ("hello-interval", NULL, NULL, 1, G_MAXINT, DISC_DEFAULT_HELLO_INTERVAL, rwc);

  /**
   * DiscDiscovery:check-interval:
   *
   * How often to look for nodes that went silent, in milliseconds (`checkInterval`).
   */
  properties[PROP_CHECK_INTERVAL] =
    g_param_spec_uint ("check-interval", NULL, NULL, 1, G_MAXINT, DISC_DEFAULT_CHECK_INTERVAL, rwc);

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
   *
   * Silent nodes are looked for every check-interval. When many time out
   * together, their removals are spread over several main-loop
   * iterations, a few milliseconds of them at a time (see
   * [signal@Disc.Discovery::removed]).
   */
  properties[PROP_NODE_TIMEOUT] =
    g_param_spec_uint ("node-timeout", NULL, NULL, 1, G_MAXINT, DISC_DEFAULT_NODE_TIMEOUT, rwc);

  /**
   * DiscDiscovery:master-timeout:
   *
   * A master not heard from for this many milliseconds is removed
   * (`masterTimeout`). Must be at least [property@Disc.Discovery:node-timeout].
   */
  properties[PROP_MASTER_TIMEOUT] =
    g_param_spec_uint ("master-timeout", NULL, NULL, 1, G_MAXINT, DISC_DEFAULT_MASTER_TIMEOUT, rwc);

  /**
   * DiscDiscovery:masters-required:
   *
   * How many masters should always be alive (`mastersRequired`); 0
   * disables the election.
   */
  properties[PROP_MASTERS_REQUIRED] =
    g_param_spec_uint ("masters-required", NULL, NULL, 0, 1000, DISC_DEFAULT_MASTERS_REQUIRED, rwc);

  /**
   * DiscDiscovery:weight:
   *
   * Preference for mastership: higher wins, ties are broken by instance id.
   * Random in [0, 1) unless set. Applies at once. Any finite number; NaN
   * and infinities, which JSON cannot carry, are refused by GObject.
   */
  properties[PROP_WEIGHT] =
    g_param_spec_double ("weight", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);

  /**
   * DiscDiscovery:address:
   *
   * The IPv4 address of the interface to use (`address`); "0.0.0.0", the
   * default, for all of them.
   *
   * With an address, the node hears datagrams sent to that address and
   * broadcast and multicast datagrams that arrive on the interface that
   * owns it, and not those that arrive on the host's other interfaces; it
   * sends from that address, out of that interface, joins
   * [property@Disc.Discovery:multicast] groups there, and advertises it.
   * The socket itself is bound to the wildcard address, since Linux
   * delivers broadcasts only to sockets bound to it, and filters by
   * interface. [method@Disc.Discovery.start] fails with
   * %DISC_OPTION_ERROR_ADDRESS if no interface of the host has the address.
   *
   * With the default, [method@Disc.Discovery.get_me] reports the address
   * of the interface that carries the default route, if it is one of the
   * broadcast interfaces, else the first of them by interface index;
   * interfaces without carrier (an idle bridge, an unplugged cable) are
   * never chosen nor sent to until their link comes up.
   */
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, DISC_DEFAULT_ADDRESS, rwc);

  /**
   * DiscDiscovery:port:
   *
   * The UDP port to bind to and send to (`port`).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, DISC_DEFAULT_PORT, rwc);

  /**
   * DiscDiscovery:broadcast:
   *
   * The broadcast address to send to. When %NULL (and neither multicast nor
   * unicast is set), hellos go to the broadcast address of every up,
   * broadcast-capable interface, rescanned when interfaces change, and to
   * 255.255.255.255 only when there is none. A multicast group or 0.0.0.0
   * is refused (%DISC_OPTION_ERROR_BROADCAST): use
   * [property@Disc.Discovery:multicast] for a group.
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
    g_param_spec_uint ("multicast-ttl", NULL, NULL, 0, 255, DISC_DEFAULT_MULTICAST_TTL, rwc);

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
   *
   * %NULL means the default, "aes256".
   */
  properties[PROP_ALGORITHM] =
    g_param_spec_string ("algorithm", NULL, NULL, DISC_DEFAULT_ALGORITHM, rwc);

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
   *
   * Write-only: a passphrase is never read back; see
   * [method@Disc.Discovery.list_keys] for the key ids. Since 0.2.
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, wc);

  /**
   * DiscDiscovery:ignore:
   *
   * Which channel messages to ignore: this instance's own, every
   * instance's in this process (hellos from them too), or none. This
   * instance never counts itself as a peer. An enum since 0.2; its nicks
   * are the seed's strings "self", "process" and "none".
   */
  properties[PROP_IGNORE] =
    g_param_spec_enum ("ignore", NULL, NULL, DISC_TYPE_IGNORE, DISC_DEFAULT_IGNORE, rwc);

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
   * if local instances should find each other. A peer is one host:
   * 255.255.255.255, a multicast group and 0.0.0.0 make
   * disc_discovery_start() fail with %DISC_OPTION_ERROR_UNICAST (use
   * [property@Disc.Discovery:broadcast] or
   * [property@Disc.Discovery:multicast] for those).
   *
   * Several processes of one host sharing the port
   * ([property@Disc.Discovery:reuse-address]) are all reached: the kernel
   * hands a unicast datagram on a shared port to one of their sockets
   * only, and that one relays it to the others over loopback broadcast
   * (127.255.255.255, the same port), with its original source. A
   * datagram over 65479 bytes cannot be relayed; libdisc's hellos and
   * wrap-dialect blocks are far smaller.
   */
  properties[PROP_UNICAST] =
    g_param_spec_boxed ("unicast", NULL, NULL, G_TYPE_STRV, rwc);

  /**
   * DiscDiscovery:reuse-address:
   *
   * Let several processes on one host bind the same port (SO_REUSEADDR).
   * Every one of them hears broadcast and multicast; unicast datagrams
   * are relayed among them (see [property@Disc.Discovery:unicast]). When
   * the port is taken, [method@Disc.Discovery.start] fails with
   * %DISC_ERROR_ADDRESS_SHARED if the others share it and this instance
   * does not, else %DISC_ERROR_ADDRESS_IN_USE.
   */
  properties[PROP_REUSE_ADDRESS] =
    g_param_spec_boolean ("reuse-address", NULL, NULL, TRUE, rwc);

  /**
   * DiscDiscovery:host-name:
   *
   * The host name sent in every packet. Setting %NULL restores the default:
   * `$DISCOVERY_HOSTNAME`, else the machine's name. Applies at once.
   *
   * At most 255 bytes of UTF-8, the most libdisc peers read:
   * [method@Disc.Discovery.start] refuses a longer one (or text that is
   * not UTF-8) with %DISC_OPTION_ERROR_HOST_NAME, and while running such a
   * name is not applied (a warning says why).
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
   * What to send: node-discovery 0.2's framed packets
   * (%DISC_DIALECT_WRAP), or node-discover 1.x's bare JSON
   * (%DISC_DIALECT_PLAIN, which cannot carry a message over one datagram).
   * Both are always understood on receipt. An enum since 0.2, with the
   * nicks "wrap" and "plain".
   */
  properties[PROP_DIALECT] =
    g_param_spec_enum ("dialect", NULL, NULL, DISC_TYPE_DIALECT, DISC_DEFAULT_DIALECT, rwc);

  /**
   * DiscDiscovery:max-nodes:
   *
   * The most nodes the table holds; hellos from further new nodes are
   * dropped and counted as %DISC_DROP_NODE_LIMIT.
   */
  properties[PROP_MAX_NODES] =
    g_param_spec_uint ("max-nodes", NULL, NULL, 1, G_MAXINT, DISC_DEFAULT_MAX_NODES, rwc);

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
    g_param_spec_uint ("new-node-rate", NULL, NULL, 0, G_MAXINT / DISC_NEW_NODE_BURST_SECONDS,
                       DISC_DEFAULT_NEW_NODE_RATE, rwc);

  /**
   * DiscDiscovery:all-channels:
   *
   * Deliver messages on every channel through [signal@Disc.Discovery::message],
   * joined or not, as a monitor that lists the channels of a network does.
   * Messages on channels that are not joined are emitted without a detail
   * (their names come off the network and never become quarks), so
   * handlers connected to `message::NAME` see only joined channels.
   * Applies at once.
   *
   * Since: 0.2
   */
  properties[PROP_ALL_CHANNELS] =
    g_param_spec_boolean ("all-channels", NULL, NULL, FALSE, rw);

  /**
   * DiscDiscovery:remote-control:
   *
   * Act on remote-control requests from other nodes: promote, demote,
   * demote permanently and make eligible, each applied as this process's
   * own [method@Disc.Discovery.promote], [method@Disc.Discovery.demote] or
   * [property@Disc.Discovery:master-eligible] would, after
   * [signal@Disc.Discovery::control-request]. Hellos then carry
   * `acceptsControl` ([property@Disc.Node:accepts-control]). Off, requests
   * are refused ("not opted in").
   *
   * Requests travel only in `aes-256-gcm` packets: any holder of a key in
   * the keyring may send them, and replays are dropped (doc/protocol.md,
   * section 9). [method@Disc.Discovery.start] fails with
   * %DISC_OPTION_ERROR_REMOTE_CONTROL when it is on without
   * [property@Disc.Discovery:algorithm] `aes-256-gcm` and a key.
   *
   * Since: 0.2
   */
  properties[PROP_REMOTE_CONTROL] =
    g_param_spec_boolean ("remote-control", NULL, NULL, FALSE, rwc);

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
}

void
_disc_discovery_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  const DiscOptions *o = &priv->options;

  switch (prop_id)
    {
    case PROP_HELLO_INTERVAL: g_value_set_uint (value, o->hello_interval); break;
    case PROP_CHECK_INTERVAL: g_value_set_uint (value, o->check_interval); break;
    case PROP_NODE_TIMEOUT: g_value_set_uint (value, o->node_timeout); break;
    case PROP_MASTER_TIMEOUT: g_value_set_uint (value, o->master_timeout); break;
    case PROP_MASTERS_REQUIRED: g_value_set_uint (value, o->masters_required); break;
    case PROP_WEIGHT: g_value_set_double (value, disc_node_get_weight (priv->me)); break;
    case PROP_ADDRESS: g_value_set_string (value, o->address); break;
    case PROP_PORT: g_value_set_uint (value, o->port); break;
    case PROP_BROADCAST: g_value_set_string (value, o->broadcast); break;
    case PROP_MULTICAST: g_value_set_string (value, o->multicast); break;
    case PROP_MULTICAST_TTL: g_value_set_uint (value, o->multicast_ttl); break;
    case PROP_ALGORITHM: g_value_set_string (value, o->algorithm); break;
    case PROP_IGNORE: g_value_set_enum (value, o->ignore); break;
    case PROP_IGNORE_DATA_ERRORS: g_value_set_boolean (value, o->ignore_data_errors); break;
    case PROP_UNICAST: g_value_set_boxed (value, o->unicast); break;
    case PROP_REUSE_ADDRESS: g_value_set_boolean (value, o->reuse_address); break;
    case PROP_HOST_NAME: g_value_set_string (value, disc_node_get_host_name (priv->me)); break;
    case PROP_MASTER_ELIGIBLE: g_value_set_boolean (value, disc_node_get_is_master_eligible (priv->me)); break;
    case PROP_DIALECT: g_value_set_enum (value, o->dialect); break;
    case PROP_MAX_NODES: g_value_set_uint (value, o->max_nodes); break;
    case PROP_LISTEN_ONLY: g_value_set_boolean (value, o->listen_only); break;
    case PROP_NEW_NODE_RATE: g_value_set_uint (value, o->new_node_rate); break;
    case PROP_ALL_CHANNELS: g_value_set_boolean (value, priv->all_channels); break;
    case PROP_REMOTE_CONTROL: g_value_set_boolean (value, o->remote_control); break;
    case PROP_RUNNING: g_value_set_boolean (value, priv->transport != NULL); break;
    case PROP_IS_MASTER: g_value_set_boolean (value, disc_node_get_is_master (priv->me)); break;
    case PROP_NODES: g_value_set_object (value, disc_discovery_get_nodes (self)); break;
    default:
      /* key is write-only: list_keys() shows ids, never a passphrase */
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
set_enum (GObject *object, guint *field, const GValue *value, GParamSpec *pspec)
{
  guint v = g_value_get_enum (value);

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
set_string (GObject *object, char **field, const char *v, GParamSpec *pspec)
{
  if (g_strcmp0 (*field, v) != 0)
    {
      g_free (*field);
      *field = g_strdup (v);
      g_object_notify_by_pspec (object, pspec);
    }
}

void
_disc_discovery_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DiscDiscovery *self = DISC_DISCOVERY (object);
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  DiscOptions *o = &priv->options;

  switch (prop_id)
    {
    case PROP_HELLO_INTERVAL: set_uint (object, &o->hello_interval, value, pspec); break;
    case PROP_CHECK_INTERVAL: set_uint (object, &o->check_interval, value, pspec); break;
    case PROP_NODE_TIMEOUT: set_uint (object, &o->node_timeout, value, pspec); break;
    case PROP_MASTER_TIMEOUT: set_uint (object, &o->master_timeout, value, pspec); break;
    case PROP_MASTERS_REQUIRED: set_uint (object, &o->masters_required, value, pspec); break;
    case PROP_WEIGHT:
      if (disc_node_get_weight (priv->me) != g_value_get_double (value))
        {
          _disc_node_set_weight (priv->me, g_value_get_double (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ADDRESS:
      /* NULL means the default, as for the seed's options */
      set_string (object, &o->address,
                  g_value_get_string (value) ? g_value_get_string (value) : DISC_DEFAULT_ADDRESS, pspec);
      break;
    case PROP_PORT:
      set_uint (object, &o->port, value, pspec);
      _disc_node_set_port (priv->me, o->port);
      break;
    case PROP_BROADCAST: set_string (object, &o->broadcast, g_value_get_string (value), pspec); break;
    case PROP_MULTICAST: set_string (object, &o->multicast, g_value_get_string (value), pspec); break;
    case PROP_MULTICAST_TTL: set_uint (object, &o->multicast_ttl, value, pspec); break;
    case PROP_ALGORITHM:
      set_string (object, &o->algorithm,
                  g_value_get_string (value) ? g_value_get_string (value) : DISC_DEFAULT_ALGORITHM, pspec);
      break;
    case PROP_KEY:
      /* Write-only, so GObject never notifies it: list_keys() tells. */
      if (disc_keyring_set_primary (priv->keyring, g_value_get_string (value)))
        _disc_discovery_sync_keyring (self, NULL);
      break;
    case PROP_IGNORE: set_enum (object, &o->ignore, value, pspec); break;
    case PROP_IGNORE_DATA_ERRORS: set_boolean (object, &o->ignore_data_errors, value, pspec); break;
    case PROP_UNICAST:
      {
        char **unicast = g_value_get_boxed (value);

        if (!(o->unicast == unicast ||
              (o->unicast != NULL && unicast != NULL &&
               g_strv_equal ((const char * const *) o->unicast, (const char * const *) unicast))))
          {
            g_strfreev (o->unicast);
            o->unicast = g_strdupv (unicast);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_REUSE_ADDRESS: set_boolean (object, &o->reuse_address, value, pspec); break;
    case PROP_HOST_NAME:
      {
        const char *host_name = g_value_get_string (value);
        g_autoptr(GError) local_error = NULL;

        if (host_name == NULL)
          {
            host_name = g_getenv ("DISCOVERY_HOSTNAME");
            if (host_name == NULL || *host_name == '\0')
              host_name = g_get_host_name ();
          }
        /* Running, a name peers would drop is not taken (start() refuses
         * one with an error); stopped, start() says what is wrong with it. */
        if (priv->transport != NULL && !disc_limits_check_host_name (host_name, &local_error))
          {
            g_warning ("%s", local_error->message);
            break;
          }
        if (g_strcmp0 (host_name, disc_node_get_host_name (priv->me)) != 0)
          {
            _disc_node_set_host_name (priv->me, host_name);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_MASTER_ELIGIBLE:
      /* The owner decides now: a remote permanent demotion is no longer
       * remote control's to undo. */
      disc_remote_control_forget_remote_demotion (priv->remote);
      if (disc_node_get_is_master_eligible (priv->me) != g_value_get_boolean (value))
        {
          disc_membership_set_eligible (priv->membership, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DIALECT: set_enum (object, &o->dialect, value, pspec); break;
    case PROP_MAX_NODES: set_uint (object, &o->max_nodes, value, pspec); break;
    case PROP_LISTEN_ONLY: set_boolean (object, &o->listen_only, value, pspec); break;
    case PROP_NEW_NODE_RATE: set_uint (object, &o->new_node_rate, value, pspec); break;
    case PROP_ALL_CHANNELS: set_boolean (object, &priv->all_channels, value, pspec); break;
    case PROP_REMOTE_CONTROL: set_boolean (object, &o->remote_control, value, pspec); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

