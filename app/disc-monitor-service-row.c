/* disc-monitor-service-row.c: a service, or one of its candidates, in the services tree
 *
 * A row of a GtkTreeListModel: a DiscMonitorServiceGroup at the top level (name
 * and candidate count), a DiscNode below it (host, address, id, role).
 * It follows the notifications of the item it shows while bound.
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
  GObject         *item;
  GSignalGroup    *group_signals;   /* when the item is a service group */
  GSignalGroup    *node_signals;    /* when it is a candidate */

  /* template children */
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

  gtk_widget_remove_css_class (GTK_WIDGET (self->title), "heading");
  if (DISC_IS_MONITOR_SERVICE_GROUP (self->item))
    {
      DiscMonitorServiceGroup *group = DISC_MONITOR_SERVICE_GROUP (self->item);
      guint n = disc_monitor_service_group_get_n_candidates (group);

      title = g_strdup (disc_monitor_service_group_get_name (group));
      /* Translators: how many nodes advertise a service */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u candidate", "%u candidates", n), n);
      gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
    }
  else if (DISC_IS_NODE (self->item))
    {
      DiscNode *node = DISC_NODE (self->item);
      g_autofree char *role = disc_monitor_node_describe_role (node);
      g_autofree char *short_id = disc_monitor_node_short_id (node);

      if (disc_monitor_node_is_self (node))
        title = g_strdup_printf (_("%s (this monitor)"), disc_node_get_host_name (node));
      else
        title = g_strdup (disc_node_get_host_name (node));
      /* Translators: a candidate of a service: address:port · id · role */
      detail = g_strdup_printf (_("%s:%u · id %s · %s"), disc_node_get_address (node),
                                disc_node_get_port (node), short_id, role);
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

  g_set_object (&self->list_row, list_row);
  gtk_tree_expander_set_list_row (self->expander, list_row);
  if (list_row != NULL)
    item = gtk_tree_list_row_get_item (list_row);
  set_item (self, item);
}

static void
disc_monitor_service_row_dispose (GObject *object)
{
  DiscMonitorServiceRow *self = DISC_MONITOR_SERVICE_ROW (object);

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
  g_signal_group_connect (self->node_signals, "notify::is-master", G_CALLBACK (on_item_notify), self);
  g_signal_group_connect (self->node_signals, "notify::is-master-eligible", G_CALLBACK (on_item_notify), self);
}
