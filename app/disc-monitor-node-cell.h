/* disc-monitor-node-cell.h: one field of one node, in a column of the node list
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>
#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_NODE_CELL (disc_monitor_node_cell_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorNodeCell, disc_monitor_node_cell, DISC, MONITOR_NODE_CELL, GtkWidget)

DiscNode   *disc_monitor_node_cell_get_node  (DiscMonitorNodeCell *self);
void        disc_monitor_node_cell_set_node  (DiscMonitorNodeCell *self,
                                              DiscNode            *node);
const char *disc_monitor_node_cell_get_field (DiscMonitorNodeCell *self);
void        disc_monitor_node_cell_set_timeouts (DiscMonitorNodeCell *self,
                                                 guint                node_timeout_ms,
                                                 guint                master_timeout_ms);
void        disc_monitor_node_cell_set_field (DiscMonitorNodeCell *self,
                                              const char          *field);
void        disc_monitor_node_cell_set_search (DiscMonitorNodeCell *self,
                                               GtkStringFilter     *search);

G_END_DECLS
