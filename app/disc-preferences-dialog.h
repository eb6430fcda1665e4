/* disc-preferences-dialog.h: the network settings, stored with GSettings
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_PREFERENCES_DIALOG (disc_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DiscPreferencesDialog, disc_preferences_dialog, DISC, PREFERENCES_DIALOG, GtkWindow)

DiscPreferencesDialog *disc_preferences_dialog_new (GSettings          *settings,
                                                    DiscMonitorSession *session);

G_END_DECLS
