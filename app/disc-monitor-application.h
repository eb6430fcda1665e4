/* disc-monitor-application.h: the Discovery Monitor application
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_MONITOR_APP_ID "io.github.libdisc.Monitor"

#define DISC_TYPE_MONITOR_APPLICATION (disc_monitor_application_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorApplication, disc_monitor_application, DISC, MONITOR_APPLICATION, GtkApplication)

DiscMonitorApplication *disc_monitor_application_new          (void);
GSettings              *disc_monitor_application_get_settings (DiscMonitorApplication *self);

G_END_DECLS
