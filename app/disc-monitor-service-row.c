/* disc-monitor-service-row.c: a service, or one of its candidates, in the services tree
 *
 * A row of a GtkTreeListModel: a DiscMonitorServiceGroup at the top level (name
 * and candidate count), a DiscNode below it (host, the endpoint and version
 * it advertises, id, role). It follows the notifications of the item it
 * shows while bound.
 *
 * A service is a GtkExpander bound to its tree row's expanded state: a
 * click on its name, Space or Enter on it, or its accessible action
 * expands it, as GNOME users expect of an expander. GTK 4.8's
 * GtkTreeExpander offers none of these; it only indents the candidates.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-service-row"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-session.h"
#include "disc-monitor-node-format.h"
#include "disc-monitor-service-group.h"
#include "disc-monitor-service-row.h"

struct _DiscMonitorServiceRow
{
  GtkWidget        parent_instance;

  GtkTreeListRow  *list_row;
  GBinding        *expanded_binding;   /* list row ⇄ group expander */
  GObject         *item;
  GSignalGroup    *group_signals;   /* when the item is a service group */
  GSignalGroup    *node_signals;    /* when it is a candidate */

  /* template children */
  GtkWidget       *box;              /* the one child, unparented on dispose */
  GtkExpander     *group_expander;
  GtkLabel        *group_title;
  GtkLabel        *group_detail;
  GtkTreeExpander *expander;
  GtkLabel        *title;
  GtkLabel        *detail;
};

G_DEFINE_FINAL_TYPE (DiscMonitorServiceRow, disc_monitor_service_row, GTK_TYPE_WIDGET)

static void
update (DiscMonitorServiceRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->group_expander), DISC_IS_MONITOR_SERVICE_GROUP (self->item));
  gtk_widget_set_visible (GTK_WIDGET (self->expander), !DISC_IS_MONITOR_SERVICE_GROUP (self->item));
  if (DISC_IS_MONITOR_SERVICE_GROUP (self->item))
    {
      DiscMonitorServiceGroup *group = DISC_MONITOR_SERVICE_GROUP (self->item);
      const char *name = disc_monitor_service_group_get_name (group);
      guint n = disc_monitor_service_group_get_n_candidates (group);

      /* Translators: the heading of the nodes that advertise no service name */
      title = g_strdup (name ? name : _("No name"));
      /* Translators: how many nodes advertise a service */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u candidate", "%u candidates", n), n);
      gtk_label_set_text (self->group_title, title);
      gtk_label_set_text (self->group_detail, detail);
      /* GTK 4.8 names an expander with a label widget after its type. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->group_expander),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail, -1);
      return;
    }
  if (DISC_IS_NODE (self->item))
    {
      DiscNode *node = DISC_NODE (self->item);
      g_autofree char *role = disc_monitor_node_describe_role (node);
      g_autofree char *short_id = disc_monitor_node_short_id (node);
      g_autofree char *endpoint = disc_monitor_node_describe_endpoint (node);

      if (disc_monitor_node_is_self (node))
        title = g_strdup_printf (_("%s (this monitor)"), disc_node_get_host_name (node));
      else
        title = g_strdup (disc_node_get_host_name (node));
      /* Translators: a candidate of a service: the endpoint it advertises
       * (address:port · version), its id and its role */
      detail = g_strdup_printf (_("%s · id %s · %s"), endpoint, short_id, role);
    }

  gtk_label_set_text (self->title, title ? title : "");
  gtk_label_set_text (self->detail, detail ? detail : "");
}

static void
on_item_notify (GObject               *item,
                GParamSpec            *pspec,
                DiscMonitorServiceRow *self)
{
  update (self);
}

static void
set_item (DiscMonitorServiceRow *self,
          GObject               *item)
{
  if (self->item == item)
    return;
  g_set_object (&self->item, item);
  g_signal_group_set_target (self->group_signals, DISC_IS_MONITOR_SERVICE_GROUP (item) ? item : NULL);
  g_signal_group_set_target (self->node_signals, DISC_IS_NODE (item) ? item : NULL);
  update (self);
}

/**
 * disc_monitor_service_row_set_list_row:
 * @self: a service row
 * @list_row: (nullable): the tree row to show, or %NULL when unbound
 */
void
disc_monitor_service_row_set_list_row (DiscMonitorServiceRow *self,
                                       GtkTreeListRow        *list_row)
{
  g_autoptr(GObject) item = NULL;

  g_return_if_fail (DISC_IS_MONITOR_SERVICE_ROW (self));
  g_return_if_fail (list_row == NULL || GTK_IS_TREE_LIST_ROW (list_row));

  if (self->list_row == list_row)
    return;
  g_clear_pointer (&self->expanded_binding, g_binding_unbind);
  g_set_object (&self->list_row, list_row);
  gtk_tree_expander_set_list_row (self->expander, list_row);
  if (list_row != NULL)
    item = gtk_tree_list_row_get_item (list_row);
  if (list_row != NULL && gtk_tree_list_row_is_expandable (list_row))
    self->expanded_binding = g_object_bind_property (list_row, "expanded", self->group_expander, "expanded",
                                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  set_item (self, item);
}

/**
 * disc_monitor_service_row_get_list_row:
 * @self: a service row
 *
 * Returns: (transfer none) (nullable): the tree row shown, or %NULL when
 *   unbound
 */
GtkTreeListRow *
disc_monitor_service_row_get_list_row (DiscMonitorServiceRow *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_ROW (self), NULL);

  return self->list_row;
}

static void
disc_monitor_service_row_dispose (GObject *object)
{
  DiscMonitorServiceRow *self = DISC_MONITOR_SERVICE_ROW (object);

  g_clear_pointer (&self->expanded_binding, g_binding_unbind);
  g_clear_object (&self->group_signals);
  g_clear_object (&self->node_signals);
  g_clear_object (&self->item);
  g_clear_object (&self->list_row);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_SERVICE_ROW);

  G_OBJECT_CLASS (disc_monitor_service_row_parent_class)->dispose (object);
}

static void
disc_monitor_service_row_class_init (DiscMonitorServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_service_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, box);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, group_expander);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, group_title);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, group_detail);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, expander);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, title);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServiceRow, detail);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_service_row_init (DiscMonitorServiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->group_signals = g_signal_group_new (DISC_TYPE_MONITOR_SERVICE_GROUP);
  g_signal_group_connect (self->group_signals, "notify::n-candidates", G_CALLBACK (on_item_notify), self);

  self->node_signals = g_signal_group_new (DISC_TYPE_NODE);
  g_signal_group_connect (self->node_signals, "notify::host-name", G_CALLBACK (on_item_notify), self);
  g_signal_group_connect (self->node_signals, "notify::address", G_CALLBACK (on_item_notify), self);
  g_signal_group_connect (self->node_signals, "notify::info", G_CALLBACK (on_item_notify), self);
  g_signal_group_connect (self->node_signals, "notify::is-master", G_CALLBACK (on_item_notify), self);
  g_signal_group_connect (self->node_signals, "notify::is-master-eligible", G_CALLBACK (on_item_notify), self);
}
