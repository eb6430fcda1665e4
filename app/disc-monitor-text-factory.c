/* disc-monitor-text-factory.c: list cells that show one text of their item
 *
 * The event log, the channel console and the channel list show rows that
 * never change once added: each cell is a one-line label, cut with an
 * ellipsis, whose text is set once on bind, with the whole text as a
 * tooltip while the column is too narrow for it. Views connect more
 * "setup" or "bind" handlers for a style class.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-text-factory"

#include "config.h"

#include "disc-monitor-text-factory.h"

typedef struct {
  DiscMonitorTextFunc func;
  int                 column;
  gpointer            user_data;
} TextFactory;

/* Computed when asked for: gtk_widget_set_tooltip_text() on every bind
 * would cost a round trip to the display server per row. */
static gboolean
on_query_tooltip (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0' || !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          TextFactory              *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         TextFactory              *spec)
{
  g_autofree char *text = spec->func (gtk_list_item_get_item (list_item), spec->column, spec->user_data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text ? text : "");
}

static void
text_factory_free (gpointer  data,
                   GClosure *closure)
{
  g_free (data);
}

/**
 * disc_monitor_text_factory_new:
 * @func: (scope notified): gives the text of an item's cell
 * @column: passed to @func, to tell the columns apart
 * @user_data: passed to @func; must outlive the factory
 *
 * Returns: (transfer full): a GtkSignalListItemFactory of one-line labels
 *   showing @func's text of their row's item
 */
GtkListItemFactory *
disc_monitor_text_factory_new (DiscMonitorTextFunc func,
                               int                 column,
                               gpointer            user_data)
{
  GtkListItemFactory *factory;
  TextFactory *spec;

  g_return_val_if_fail (func != NULL, NULL);

  spec = g_new (TextFactory, 1);
  spec->func = func;
  spec->column = column;
  spec->user_data = user_data;
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_data (factory, "setup", G_CALLBACK (on_setup), spec, text_factory_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), spec);
  return factory;
}
