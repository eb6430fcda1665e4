/* disc-node-cell.h: one field of one node, in a column of the node list
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>
#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_NODE_CELL (disc_node_cell_get_type ())

G_DECLARE_FINAL_TYPE (DiscNodeCell, disc_node_cell, DISC, NODE_CELL, GtkWidget)

DiscNode   *disc_node_cell_get_node  (DiscNodeCell *self);
void        disc_node_cell_set_node  (DiscNodeCell *self,
                                      DiscNode     *node);
const char *disc_node_cell_get_field (DiscNodeCell *self);
void        disc_node_cell_set_field (DiscNodeCell *self,
                                      const char   *field);

char       *disc_node_describe_role  (DiscNode     *node);
char       *disc_node_summarize_info (DiscNode     *node);
char       *disc_node_short_id       (DiscNode     *node);

G_END_DECLS
