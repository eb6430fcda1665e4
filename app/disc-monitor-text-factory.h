/* disc-monitor-text-factory.h: list cells that show one text of their item
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DiscMonitorTextFunc:
 * @item: (type GObject): the item of the row
 * @column: the column, as given to disc_monitor_text_factory_new()
 * @user_data: the user data given to disc_monitor_text_factory_new()
 *
 * Returns: (transfer full) (nullable): the text of @item's cell in @column
 */
typedef char *(*DiscMonitorTextFunc) (gpointer item,
                                      int      column,
                                      gpointer user_data);

GtkListItemFactory *disc_monitor_text_factory_new (DiscMonitorTextFunc func,
                                                   int                 column,
                                                   gpointer            user_data);

G_END_DECLS
