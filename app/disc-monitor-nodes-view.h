/* disc-monitor-nodes-view.h: the table of nodes, with search and details
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_NODES_VIEW (disc_monitor_nodes_view_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorNodesView, disc_monitor_nodes_view, DISC, MONITOR_NODES_VIEW, GtkWidget)

void disc_monitor_nodes_view_bind_session (DiscMonitorNodesView *self,
                                           DiscMonitorSession   *session);
void disc_monitor_nodes_view_focus_search (DiscMonitorNodesView *self);
DiscNode *disc_monitor_nodes_view_get_selected_node (DiscMonitorNodesView *self);

G_END_DECLS
