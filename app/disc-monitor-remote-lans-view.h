/* disc-monitor-remote-lans-view.h: the LANs page: every LAN's nodes, from etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-remote-lans-model.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_REMOTE_LANS_VIEW (disc_monitor_remote_lans_view_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorRemoteLansView, disc_monitor_remote_lans_view, DISC, MONITOR_REMOTE_LANS_VIEW, GtkWidget)

void disc_monitor_remote_lans_view_bind_model (DiscMonitorRemoteLansView  *self,
                                               DiscMonitorRemoteLansModel *model);

G_END_DECLS
