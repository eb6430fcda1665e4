/* disc-monitor-drop-down-name.h: a drop-down's button named for screen readers
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void disc_monitor_drop_down_name_button (GtkDropDown *dropdown);

G_END_DECLS
