/* disc-bridge-private.h: DiscBridge's instance struct and the steps its
 * files (disc-bridge.c, -leader.c, -sync.c, -forward.c, -stop.c) call
 * in one another
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-bridge.h"
#include "disc-etcd-watch.h"
#include "disc-mirror.h"
#include "disc-rate-limit.h"

G_BEGIN_DECLS

/* After a failed call, wait this long before the next step. */
#define RETRY_MS 1000

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
  gint64           listening_since_ms; /* when start() began to follow the LAN */
  guint            flush_id;
  gint64           flush_at;
  guint            keepalive_id;
  gboolean         own_keepalive_out;  /* one keepalive per lease at a time */
  gboolean         lan_keepalive_out;
  gboolean         failing;
  guint64          writes;         /* transactions applied */

  DiscEtcdWatch   *forward_watch;
  DiscRateLimit   *forward_limit;  /* this LAN into etcd */
  DiscRateLimit   *forward_in_limit;  /* etcd onto this LAN, per key */
  DiscRateLimit   *forward_in_total;  /* etcd onto this LAN, all keys */
  char            *forward_key;
  guint64          forward_refused[DISC_BRIDGE_REFUSAL_MALFORMED + 1];
  gint64           forward_refused_ms[DISC_BRIDGE_REFUSAL_MALFORMED + 1]; /* last one */
};

gint64   _disc_bridge_now_ms (void);

gboolean _disc_bridge_is_running (DiscBridge *self);

void     _disc_bridge_set_role (DiscBridge     *self,
                                DiscBridgeRole  role);

void     _disc_bridge_say_error (DiscBridge   *self,
                                 const GError *error);

void     _disc_bridge_emit_forward_refused (DiscBridge        *self,
                                            DiscBridgeRefusal  reason,
                                            const char        *lan);

gboolean _disc_bridge_on_retry (gpointer user_data);

void     _disc_bridge_failed (DiscBridge   *self,
                              const GError *error);

void     _disc_bridge_succeeded (DiscBridge *self);

void     _disc_bridge_advance (DiscBridge *self);

gint64   _disc_bridge_lan_lease_id (const char *prefix);

void     _disc_bridge_drop_leadership (DiscBridge *self);

void     _disc_bridge_grant_lease (DiscBridge *self,
                                   gboolean    lan);

gboolean _disc_bridge_on_keepalive_tick (gpointer user_data);

void     _disc_bridge_campaign (DiscBridge *self);

void     _disc_bridge_write_bridge_key (DiscBridge *self);

void     _disc_bridge_on_resync_range (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data);

void     _disc_bridge_schedule_flush (DiscBridge *self);

gboolean _disc_bridge_is_bridge_node (DiscNode *node);

void     _disc_bridge_on_node_seen (DiscDiscovery *discovery,
                                    DiscNode      *node,
                                    gpointer       user_data);

void     _disc_bridge_on_node_removed (DiscDiscovery *discovery,
                                       DiscNode      *node,
                                       gpointer       user_data);

void     _disc_bridge_start_forwarding (DiscBridge *self);

G_END_DECLS
