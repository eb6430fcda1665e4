/* disc-remote-node.h: a node of another LAN, as a bridge mirrored it
 * into etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DISC_TYPE_REMOTE_NODE (disc_remote_node_get_type ())

G_DECLARE_FINAL_TYPE (DiscRemoteNode, disc_remote_node, DISC, REMOTE_NODE, GObject)

DiscRemoteNode *disc_remote_node_new            (const char     *lan,
                                                 const char     *id);
const char     *disc_remote_node_get_lan        (DiscRemoteNode *self);
const char     *disc_remote_node_get_id         (DiscRemoteNode *self);
const char     *disc_remote_node_get_host_name  (DiscRemoteNode *self);
const char     *disc_remote_node_get_address    (DiscRemoteNode *self);
guint           disc_remote_node_get_port       (DiscRemoteNode *self);
gboolean        disc_remote_node_get_is_master  (DiscRemoteNode *self);
const char     *disc_remote_node_get_role       (DiscRemoteNode *self);
const char     *disc_remote_node_get_info       (DiscRemoteNode *self);

/* From the node's JSON in etcd; notifies what changed. */
void            _disc_remote_node_update        (DiscRemoteNode *self,
                                                 JsonObject     *node);

G_END_DECLS
