/* disc-monitor-preferences-dialog.h: the network settings, stored with GSettings
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_PREFERENCES_DIALOG (disc_monitor_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorPreferencesDialog, disc_monitor_preferences_dialog, DISC, MONITOR_PREFERENCES_DIALOG, GtkWindow)

DiscMonitorPreferencesDialog *disc_monitor_preferences_dialog_new (GSettings          *settings,
                                                                   DiscMonitorSession *session);

G_END_DECLS
