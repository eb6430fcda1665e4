/* disc-node.h: one process on the network, as its hellos describe it
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "disc-types.h"
#include "disc-version.h"

G_BEGIN_DECLS

#define DISC_TYPE_NODE (disc_node_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscNode, disc_node, DISC, NODE, GObject)

DISC_AVAILABLE_IN_ALL
const char *disc_node_get_id                 (DiscNode *self);
DISC_AVAILABLE_IN_ALL
const char *disc_node_get_process_id         (DiscNode *self);
DISC_AVAILABLE_IN_ALL
const char *disc_node_get_host_name          (DiscNode *self);
DISC_AVAILABLE_IN_ALL
const char *disc_node_get_address            (DiscNode *self);
DISC_AVAILABLE_IN_ALL
guint       disc_node_get_port               (DiscNode *self);
DISC_AVAILABLE_IN_ALL
gboolean    disc_node_get_is_master          (DiscNode *self);
DISC_AVAILABLE_IN_ALL
gboolean    disc_node_get_is_master_eligible (DiscNode *self);
DISC_AVAILABLE_IN_ALL
gboolean    disc_node_get_accepts_control    (DiscNode *self);
DISC_AVAILABLE_IN_ALL
double      disc_node_get_weight             (DiscNode *self);
DISC_AVAILABLE_IN_ALL
JsonNode   *disc_node_get_info               (DiscNode *self);
DISC_AVAILABLE_IN_ALL
char       *disc_node_dup_info_json          (DiscNode *self);
DISC_AVAILABLE_IN_ALL
const char *disc_node_get_service_name       (DiscNode *self);
DISC_AVAILABLE_IN_ALL
gint64      disc_node_get_last_seen          (DiscNode *self);
DISC_AVAILABLE_IN_ALL
DiscLeaveReason disc_node_get_leave_reason   (DiscNode *self);
DISC_AVAILABLE_IN_ALL
JsonNode   *disc_node_to_json                (DiscNode *self);

G_END_DECLS
