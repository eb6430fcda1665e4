/* disc-discovery-private.h: DiscDiscovery's state, shared by its files (private)
 *
 * DiscDiscovery is one type in four files: disc-discovery.c (lifecycle,
 * timers, sending, the public methods), disc-discovery-receive.c (what a
 * received datagram means, and drops), disc-discovery-properties.c (the
 * properties) and disc-discovery-keyring.c (the keyring methods).
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-discovery.h"
#include "disc-remote-control.h"
#include "disc-transport.h"
#include "core/disc-channels.h"
#include "core/disc-codec.h"
#include "core/disc-drop-log.h"
#include "core/disc-hello-cache.h"
#include "core/disc-keyring.h"
#include "core/disc-membership.h"
#include "core/disc-options.h"
#include "core/disc-rate-limit.h"
#include "core/disc-stats.h"

G_BEGIN_DECLS

#define GOODBYE_EVENT "goodbye"

typedef struct
{
  DiscOptions     options;      /* the start-time properties */
  DiscKeyring    *keyring;      /* the key property and add_key() */
  DiscChannels   *channels;     /* joined channels */
  gboolean        all_channels; /* deliver unjoined channels too, without detail */
  DiscDropLog    *drop_log;     /* sources of drops; when a kind of drop starts */

  char           *process_id;
  DiscNode       *me;
  DiscMembership *membership;
  DiscCodec      *codec;        /* nullable: not running */
  DiscHelloCache *hello_cache;  /* nullable: not running; unchanged hellos by source */
  DiscRateLimit  *rate_limit;   /* nullable: new-node-rate 0 */
  DiscRemoteControl *remote;    /* requests to us, and ours to others */
  DiscStats       stats;

  /* running: everything below is set by start() and cleared by stop() */
  DiscOptions     running;      /* the snapshot start() validated */
  DiscTransport  *transport;
  GMainContext   *context;
  GSource        *hello_source;
  GSource        *check_source;
  GSource        *expiry_source; /* nullable: the rest of a mass expiry */
  gint64          expiry_work_us; /* spent on it since its last pause */
  gboolean        disposed;       /* no signals from the membership any more */
} DiscDiscoveryPrivate;

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
  PROP_ALL_CHANNELS,
  PROP_REMOTE_CONTROL,
  PROP_RUNNING,
  PROP_IS_MASTER,
  PROP_NODES,
  N_PROPS
};

DiscDiscoveryPrivate *_disc_discovery_get_private        (DiscDiscovery         *self);

/* Monotonic time for timers and the membership; wall time for lastSeen. */
static inline gint64
_disc_discovery_now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static inline gint64
_disc_discovery_wall_ms (void)
{
  return g_get_real_time () / 1000;
}

/* disc-discovery.c: the signals the receive path emits */
void                  _disc_discovery_emit_error         (DiscDiscovery         *self,
                                                          GError                *error);
void                  _disc_discovery_emit_drop_started  (DiscDiscovery         *self,
                                                          DiscDropReason         reason,
                                                          const char            *source);
gboolean              _disc_discovery_send_envelope      (DiscDiscovery         *self,
                                                          const char            *event,
                                                          JsonNode              *data,
                                                          GError               **error);
void                  _disc_discovery_emit_control_request (DiscDiscovery     *self,
                                                          const char            *sender_id,
                                                          const char            *sender_address,
                                                          DiscControlAction      action,
                                                          gboolean               accepted);

/* disc-discovery-control.c */
DiscRemoteControl    *_disc_discovery_control_new        (DiscDiscovery         *self);

void                  _disc_discovery_emit_message       (DiscDiscovery         *self,
                                                          GQuark                 channel,
                                                          const char            *event,
                                                          JsonNode              *data,
                                                          DiscNode              *from);

/* disc-discovery-receive.c */
void                  _disc_discovery_on_datagram        (const guint8          *data,
                                                          gsize                  len,
                                                          gconstpointer          from,
                                                          gsize                  from_len,
                                                          gpointer               user_data);
void                  _disc_discovery_report_drop        (DiscDiscovery         *self,
                                                          DiscDropReason         reason,
                                                          gconstpointer          from,
                                                          gsize                  from_len);
void                  _disc_discovery_on_kernel_drops    (guint                  count,
                                                          gpointer               user_data);

/* disc-discovery-properties.c */
void                  _disc_discovery_install_properties (GParamSpec           **properties);
void                  _disc_discovery_get_property       (GObject               *object,
                                                          guint                  prop_id,
                                                          GValue                *value,
                                                          GParamSpec            *pspec);
void                  _disc_discovery_set_property       (GObject               *object,
                                                          guint                  prop_id,
                                                          const GValue          *value,
                                                          GParamSpec            *pspec);

/* disc-discovery-keyring.c */
DiscOptionsKeys       _disc_discovery_options_keys       (DiscDiscoveryPrivate  *priv);
gboolean              _disc_discovery_sync_keyring       (DiscDiscovery         *self,
                                                          GError               **error);
DiscCodec            *_disc_discovery_make_codec         (DiscDiscoveryPrivate  *priv,
                                                          GError               **error);

G_END_DECLS
