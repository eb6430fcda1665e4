/* disc-monitor-item-factory.h: list rows that follow their item
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkListItemFactory *disc_monitor_item_factory_new (GType       widget_type,
                                                   const char *item_property,
                                                   const char *first_property_name,
                                                   ...);

G_END_DECLS
