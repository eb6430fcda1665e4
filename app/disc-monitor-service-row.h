/* disc-monitor-service-row.h: a service, or one of its candidates, in the services tree
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SERVICE_ROW (disc_monitor_service_row_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorServiceRow, disc_monitor_service_row, DISC, MONITOR_SERVICE_ROW, GtkWidget)

void disc_monitor_service_row_set_list_row (DiscMonitorServiceRow *self,
                                            GtkTreeListRow        *list_row);
GtkTreeListRow *disc_monitor_service_row_get_list_row (DiscMonitorServiceRow *self);

G_END_DECLS
