/* disc-monitor-services-view.h: nodes grouped by the service they advertise
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SERVICES_VIEW (disc_monitor_services_view_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorServicesView, disc_monitor_services_view, DISC, MONITOR_SERVICES_VIEW, GtkWidget)

void disc_monitor_services_view_bind_session (DiscMonitorServicesView *self,
                                              DiscMonitorSession      *session);

G_END_DECLS
