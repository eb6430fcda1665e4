/* disc-monitor-remote-node.h: a node of another LAN, as a bridge mirrored it
 * into etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_REMOTE_NODE (disc_monitor_remote_node_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorRemoteNode, disc_monitor_remote_node, DISC, MONITOR_REMOTE_NODE, GObject)

DiscMonitorRemoteNode *disc_monitor_remote_node_new           (const char            *lan,
                                                               const char            *id);
const char            *disc_monitor_remote_node_get_lan       (DiscMonitorRemoteNode *self);
const char            *disc_monitor_remote_node_get_id        (DiscMonitorRemoteNode *self);
const char            *disc_monitor_remote_node_get_host_name (DiscMonitorRemoteNode *self);
gboolean               disc_monitor_remote_node_get_is_master (DiscMonitorRemoteNode *self);
const char            *disc_monitor_remote_node_get_info      (DiscMonitorRemoteNode *self);

/* From the node's JSON in etcd; notifies what changed. */
void _disc_monitor_remote_node_update (DiscMonitorRemoteNode *self,
                                       JsonObject            *node);

G_END_DECLS
