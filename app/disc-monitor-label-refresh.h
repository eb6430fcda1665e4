/* disc-monitor-label-refresh.h: labels that tell the accessibility bus their text when shown
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void disc_monitor_label_refresh_on_map (GtkLabel *label);

G_END_DECLS
