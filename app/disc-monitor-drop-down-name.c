/* disc-monitor-drop-down-name.c: a drop-down's button named for screen readers
 *
 * GTK 4.8 gives the button inside a GtkDropDown, the widget that takes
 * the keyboard focus, no accessible name: screen readers say
 * "GtkToggleButton". The drop-down's own label (its mnemonic label, or
 * else its tooltip) does not reach the button. This names the button
 * "what it chooses: the choice shown", kept up to date.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-drop-down-name"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-drop-down-name.h"

static GtkWidget *
find_button (GtkDropDown *dropdown)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      return child;
  return NULL;
}

/* What the drop-down chooses: the text of its mnemonic label, else its
 * tooltip; NULL if it has neither. */
static char *
dup_purpose (GtkDropDown *dropdown)
{
  GList *labels = gtk_widget_list_mnemonic_labels (GTK_WIDGET (dropdown));
  char *purpose = NULL;

  for (GList *l = labels; l != NULL && purpose == NULL; l = l->next)
    if (GTK_IS_LABEL (l->data))
      purpose = g_strdup (gtk_label_get_text (l->data));
  g_list_free (labels);
  if (purpose == NULL && gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)) != NULL)
    purpose = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)));
  return purpose;
}

static void
update_name (GtkDropDown *dropdown,
             GParamSpec  *pspec,
             GtkWidget   *button)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);
  const char *choice = GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (item) : NULL;
  g_autofree char *purpose = dup_purpose (dropdown);
  g_autofree char *name = NULL;

  if (purpose == NULL)
    return;
  if (choice != NULL)
    /* Translators: a drop-down for screen readers: what it chooses, then the choice shown */
    name = g_strdup_printf (_("%s: %s"), purpose, choice);
  else
    name = g_steal_pointer (&purpose);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/**
 * disc_monitor_drop_down_name_button:
 * @dropdown: a drop-down with a mnemonic label or a tooltip, its model
 *   one of strings (a GtkStringList)
 *
 * Names the button of @dropdown on the accessibility bus after what
 * @dropdown chooses and its selected item, from now on.
 */
void
disc_monitor_drop_down_name_button (GtkDropDown *dropdown)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  button = find_button (dropdown);
  if (button == NULL)   /* a GTK whose drop-down is built otherwise */
    return;
  g_signal_connect_object (dropdown, "notify::selected-item", G_CALLBACK (update_name), button, 0);
  update_name (dropdown, NULL, button);
}
