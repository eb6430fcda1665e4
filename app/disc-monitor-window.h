/* disc-monitor-window.h: the monitor's main window
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"
#include "disc-monitor-remote-lans-model.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_WINDOW (disc_monitor_window_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorWindow, disc_monitor_window, DISC, MONITOR_WINDOW, GtkApplicationWindow)

DiscMonitorWindow  *disc_monitor_window_new             (GtkApplication             *application,
                                                         DiscMonitorSession         *session);
void                disc_monitor_window_set_remote_lans (DiscMonitorWindow          *self,
                                                         DiscMonitorRemoteLansModel *model);

G_END_DECLS
