/* disc-monitor-item-factory.h: list rows that follow their item
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DiscMonitorItemSetter:
 * @widget: a row widget made by the factory
 * @item: (nullable): the row's item, or %NULL when the row is unbound
 *
 * Gives @widget the item to show and follow.
 */
typedef void (*DiscMonitorItemSetter) (gpointer widget,
                                       gpointer item);

/* For setters whose arguments have their own types. */
#define DISC_MONITOR_ITEM_SETTER(f) ((DiscMonitorItemSetter) (void (*) (void)) (f))

GtkListItemFactory *disc_monitor_item_factory_new (GType                 widget_type,
                                                   DiscMonitorItemSetter set_item,
                                                   const char           *first_property_name,
                                                   ...);

G_END_DECLS
