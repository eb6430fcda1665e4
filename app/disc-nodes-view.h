/* disc-nodes-view.h: the table of nodes, with search and details
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_NODES_VIEW (disc_nodes_view_get_type ())

G_DECLARE_FINAL_TYPE (DiscNodesView, disc_nodes_view, DISC, NODES_VIEW, GtkWidget)

DiscMonitorSession *disc_nodes_view_get_session  (DiscNodesView      *self);
void                disc_nodes_view_set_session  (DiscNodesView      *self,
                                                  DiscMonitorSession *session);
void                disc_nodes_view_focus_search (DiscNodesView      *self);

G_END_DECLS
