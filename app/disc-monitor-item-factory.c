/* disc-monitor-item-factory.c: list rows that follow their item
 *
 * Most lists of the monitor show each item with a widget of their own
 * that follows the item it is given (a node cell, a service row): the
 * factory makes that widget once per recycled row and hands it the
 * row's item on bind, and NULL on unbind so that it stops following.
 * The views connect more "bind" handlers where they need them.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-item-factory"

#include "config.h"

#include <gobject/gvaluecollector.h>

#include "disc-monitor-item-factory.h"

typedef struct {
  GType                 widget_type;
  DiscMonitorItemSetter set_item;
  GArray               *names;    /* of const char * (interned), set on each new widget */
  GArray               *values;   /* of GValue */
} ItemFactory;

static void
item_factory_free (gpointer data,
                   GClosure *closure)
{
  ItemFactory *spec = data;

  g_array_unref (spec->names);
  g_array_unref (spec->values);
  g_free (spec);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          ItemFactory              *spec)
{
  GObject *widget = g_object_new_with_properties (spec->widget_type, spec->names->len,
                                                  (const char **) (gpointer) spec->names->data,
                                                  (const GValue *) (gpointer) spec->values->data);

  gtk_list_item_set_child (list_item, GTK_WIDGET (widget));
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         ItemFactory              *spec)
{
  spec->set_item (gtk_list_item_get_child (list_item), gtk_list_item_get_item (list_item));
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ItemFactory              *spec)
{
  spec->set_item (gtk_list_item_get_child (list_item), NULL);
}

/**
 * disc_monitor_item_factory_new:
 * @widget_type: the type of the row widgets, a GtkWidget
 * @set_item: (scope forever): gives a widget its row's item on bind, and
 *   %NULL on unbind
 * @first_property_name: (nullable): the name of a property set on each new
 *   widget, followed by its value, then more names and values, and %NULL
 * @...: the value of @first_property_name, then the other pairs, %NULL-terminated
 *
 * Returns: (transfer full): a GtkSignalListItemFactory; connect more "bind"
 *   handlers to it for what the widget cannot follow by itself
 */
GtkListItemFactory *
disc_monitor_item_factory_new (GType                 widget_type,
                               DiscMonitorItemSetter set_item,
                               const char           *first_property_name,
                               ...)
{
  GtkListItemFactory *factory;
  GObjectClass *klass;
  ItemFactory *spec;
  va_list args;

  g_return_val_if_fail (g_type_is_a (widget_type, GTK_TYPE_WIDGET), NULL);
  g_return_val_if_fail (set_item != NULL, NULL);

  spec = g_new0 (ItemFactory, 1);
  spec->widget_type = widget_type;
  spec->set_item = set_item;
  spec->names = g_array_new (FALSE, FALSE, sizeof (const char *));
  spec->values = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (spec->values, (GDestroyNotify) g_value_unset);

  klass = g_type_class_ref (widget_type);
  va_start (args, first_property_name);
  for (const char *name = first_property_name; name != NULL; name = va_arg (args, const char *))
    {
      GParamSpec *pspec = g_object_class_find_property (klass, name);
      g_autofree char *error = NULL;
      GValue value = G_VALUE_INIT;

      if (pspec == NULL)
        {
          g_critical ("%s has no property “%s”", g_type_name (widget_type), name);
          break;
        }
      G_VALUE_COLLECT_INIT (&value, pspec->value_type, args, 0, &error);
      if (error != NULL)
        {
          g_critical ("%s", error);
          break;
        }
      name = g_intern_string (name);
      g_array_append_val (spec->names, name);
      g_array_append_val (spec->values, value);
    }
  va_end (args);
  g_type_class_unref (klass);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_data (factory, "setup", G_CALLBACK (on_setup), spec, item_factory_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), spec);
  return factory;
}
