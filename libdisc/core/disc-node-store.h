/* disc-node-store.h: the live GListModel of DiscNode (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

#include "disc-node-private.h"

G_BEGIN_DECLS

#define DISC_TYPE_NODE_STORE (disc_node_store_get_type ())

G_DECLARE_FINAL_TYPE (DiscNodeStore, disc_node_store, DISC, NODE_STORE, GObject)

DiscNodeStore *disc_node_store_new    (void);
void           disc_node_store_append (DiscNodeStore *self,
                                       DiscNode      *node);
void           disc_node_store_remove (DiscNodeStore *self,
                                       DiscNode      *node);

G_END_DECLS
