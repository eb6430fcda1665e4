/* disc-monitor-optional-selection.h: a single selection that may be empty
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkSingleSelection *disc_monitor_optional_selection_new (GListModel *model);

G_END_DECLS
