/* disc-monitor-event-log.h: the event log pane
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_EVENT_LOG (disc_monitor_event_log_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorEventLog, disc_monitor_event_log, DISC, MONITOR_EVENT_LOG, GtkWidget)

void disc_monitor_event_log_set_model (DiscMonitorEventLog *self,
                                       GListModel          *events);

G_END_DECLS
