/* disc-bridge.h: mirror a LAN's membership into etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>

#include "disc-version.h"
#include "disc-discovery.h"
#include "disc-etcd-client.h"

G_BEGIN_DECLS

/**
 * DiscBridgeRole:
 * @DISC_BRIDGE_ROLE_STOPPED: not started, or stopped
 * @DISC_BRIDGE_ROLE_STANDBY: running, not the LAN's leader bridge: keeps
 *   the LAN's lease alive and waits its turn
 * @DISC_BRIDGE_ROLE_LEADER: the LAN's leader bridge: it writes to etcd
 *
 * What a [class@Disc.Bridge] does now.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_BRIDGE_ROLE_STOPPED,
  DISC_BRIDGE_ROLE_STANDBY,
  DISC_BRIDGE_ROLE_LEADER,
} DiscBridgeRole;

/**
 * DiscBridgeKeyKind:
 * @DISC_BRIDGE_KEY_OTHER: not a key of the layout
 * @DISC_BRIDGE_KEY_NODE: `<lan>/nodes/<id>`: a node, as JSON
 * @DISC_BRIDGE_KEY_MASTER: `<lan>/masters/<id>`: a master's id
 * @DISC_BRIDGE_KEY_BRIDGE: `<lan>/bridges/<id>`: a bridge of the LAN
 *
 * What a key under `/disc/<cluster>/` is; see
 * [func@Disc.Bridge.parse_key].
 *
 * Since: 0.2
 */
typedef enum {
  DISC_BRIDGE_KEY_OTHER,
  DISC_BRIDGE_KEY_NODE,
  DISC_BRIDGE_KEY_MASTER,
  DISC_BRIDGE_KEY_BRIDGE,
} DiscBridgeKeyKind;

/**
 * DiscBridgeRefusal:
 * @DISC_BRIDGE_REFUSAL_RATE_LIMITED: more messages than the forward
 *   channel's rate limits let through (see
 *   [property@Disc.Bridge:forward-channel])
 * @DISC_BRIDGE_REFUSAL_MALFORMED: a value found in etcd that is not a
 *   forwarded message: larger than 64 KiB, nested more than 64 levels
 *   deep, not a JSON object, or its `data` is one the LAN's nodes would
 *   not take (see %DISC_ERROR_INVALID_DATA)
 *
 * Why a [class@Disc.Bridge] did not carry a message of its forward
 * channel; see [signal@Disc.Bridge::forward-refused].
 *
 * Since: 0.2
 */
typedef enum {
  DISC_BRIDGE_REFUSAL_RATE_LIMITED,
  DISC_BRIDGE_REFUSAL_MALFORMED,
} DiscBridgeRefusal;

/**
 * DISC_BRIDGE_INFO_MEMBER:
 *
 * The member of its advertisement by which a bridge's own node is known
 * on the LAN (its value is the LAN's name). Bridges leave such nodes out
 * of `nodes/`, so that a takeover changes no node key.
 *
 * Since: 0.2
 */
#define DISC_BRIDGE_INFO_MEMBER "discBridge"

#define DISC_TYPE_BRIDGE (disc_bridge_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscBridge, disc_bridge, DISC, BRIDGE, GObject)

DISC_AVAILABLE_IN_ALL
DiscBridge     *disc_bridge_new             (DiscDiscovery        *discovery,
                                             DiscEtcdClient       *client,
                                             const char           *cluster,
                                             const char           *lan);
DISC_AVAILABLE_IN_ALL
gboolean        disc_bridge_start           (DiscBridge           *self,
                                             GError              **error);
DISC_AVAILABLE_IN_ALL
void            disc_bridge_stop_async      (DiscBridge           *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DISC_AVAILABLE_IN_ALL
gboolean        disc_bridge_stop_finish     (DiscBridge           *self,
                                             GAsyncResult         *result,
                                             GError              **error);
DISC_AVAILABLE_IN_ALL
DiscDiscovery  *disc_bridge_get_discovery   (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
DiscEtcdClient *disc_bridge_get_client      (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
const char     *disc_bridge_get_cluster     (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
const char     *disc_bridge_get_lan         (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
guint           disc_bridge_get_ttl         (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
void            disc_bridge_set_ttl         (DiscBridge           *self,
                                             guint                 ttl_s);
DISC_AVAILABLE_IN_ALL
const char     *disc_bridge_get_forward_channel (DiscBridge       *self);
DISC_AVAILABLE_IN_ALL
void            disc_bridge_set_forward_channel (DiscBridge       *self,
                                             const char           *channel);
DISC_AVAILABLE_IN_ALL
DiscBridgeRole  disc_bridge_get_role        (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
guint64         disc_bridge_get_writes      (DiscBridge           *self);
DISC_AVAILABLE_IN_ALL
guint64         disc_bridge_get_forward_refused (DiscBridge       *self,
                                             DiscBridgeRefusal     reason);

DISC_AVAILABLE_IN_ALL
char             *disc_bridge_cluster_prefix (const char          *cluster);
DISC_AVAILABLE_IN_ALL
DiscBridgeKeyKind disc_bridge_parse_key     (const char           *cluster,
                                             const char           *key,
                                             char                **lan,
                                             char                **id);
DISC_AVAILABLE_IN_ALL
JsonNode         *disc_bridge_parse_value   (GBytes               *value,
                                             GError              **error);

G_END_DECLS
