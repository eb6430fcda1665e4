/* disc-monitor-remote-lans-view.c: the LANs page: every LAN's nodes, from etcd
 *
 * A GtkColumnView bound to a DiscMonitorRemoteLansModel through a sort model:
 * one row per node of every LAN the cluster's bridges mirror, with a LAN
 * column (sorted by it at first). The columns are bound to the items'
 * properties in the template, so a changed node updates its row.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-remote-lans-view"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-remote-lans-view.h"

struct _DiscMonitorRemoteLansView
{
  GtkWidget                   parent_instance;

  DiscMonitorRemoteLansModel *model;
  GSignalGroup               *model_signals;
  GSignalGroup               *items_signals;

  /* template children */
  GtkLabel                   *summary_label;
  GtkLabel                   *count_label;
  GtkColumnView              *column_view;
  GtkColumnViewColumn        *lan_column;
};

G_DEFINE_FINAL_TYPE (DiscMonitorRemoteLansView, disc_monitor_remote_lans_view, GTK_TYPE_WIDGET)

static void
update_labels (DiscMonitorRemoteLansView *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;
  const char *error;
  guint n_lans, n_nodes;

  if (self->model == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      gtk_label_set_label (self->count_label, "");
      return;
    }
  error = disc_monitor_remote_lans_model_get_error (self->model);
  n_lans = disc_monitor_remote_lans_model_get_n_lans (self->model);
  n_nodes = g_list_model_get_n_items (disc_monitor_remote_lans_model_get_model (self->model));
  if (error != NULL)
    /* Translators: %s is why etcd cannot be read. */
    summary = g_strdup_printf (_("etcd cannot be read now (%s); trying again. The rows are as last read."), error);
  else
    /* Translators: %s is the cluster's name. */
    summary = g_strdup_printf (_("Every LAN of cluster “%s”, as their bridges mirror it into etcd."),
                               disc_monitor_remote_lans_model_get_cluster (self->model));
  /* Translators: the counts of the LANs page. */
  count = g_strdup_printf (_("Nodes: %u · LANs: %u"), n_nodes, n_lans);
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->count_label, count);
}

static void
on_items_changed (GListModel                *model,
                  guint                      position,
                  guint                      removed,
                  guint                      added,
                  DiscMonitorRemoteLansView *self)
{
  update_labels (self);
}

static void
on_notify (GObject                   *model,
           GParamSpec                *pspec,
           DiscMonitorRemoteLansView *self)
{
  update_labels (self);
}

/**
 * disc_monitor_remote_lans_view_bind_model:
 * @self: a LANs page
 * @model: (nullable): the LANs to show, or %NULL
 *
 * Shows the nodes of @model, following it until another model is bound.
 */
void
disc_monitor_remote_lans_view_bind_model (DiscMonitorRemoteLansView  *self,
                                          DiscMonitorRemoteLansModel *model)
{
  g_return_if_fail (DISC_IS_MONITOR_REMOTE_LANS_VIEW (self));
  g_return_if_fail (model == NULL || DISC_IS_MONITOR_REMOTE_LANS_MODEL (model));

  if (self->model == model)
    return;
  g_set_object (&self->model, model);
  g_signal_group_set_target (self->model_signals, model);
  if (model != NULL)
    {
      GListModel *items = disc_monitor_remote_lans_model_get_model (model);
      GtkSortListModel *sorted = gtk_sort_list_model_new (g_object_ref (items),
                                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
      GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (sorted));

      g_signal_group_set_target (self->items_signals, items);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
    }
  else
    {
      g_signal_group_set_target (self->items_signals, NULL);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  update_labels (self);
}

static void
disc_monitor_remote_lans_view_dispose (GObject *object)
{
  DiscMonitorRemoteLansView *self = DISC_MONITOR_REMOTE_LANS_VIEW (object);

  g_clear_object (&self->model_signals);
  g_clear_object (&self->items_signals);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_REMOTE_LANS_VIEW);
  G_OBJECT_CLASS (disc_monitor_remote_lans_view_parent_class)->dispose (object);
}

static void
disc_monitor_remote_lans_view_class_init (DiscMonitorRemoteLansViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_remote_lans_view_dispose;

  /* The template's expressions name the item type. */
  g_type_ensure (DISC_TYPE_MONITOR_REMOTE_NODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/libdisc/Monitor/disc-monitor-remote-lans-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorRemoteLansView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorRemoteLansView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorRemoteLansView, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorRemoteLansView, lan_column);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_remote_lans_view_init (DiscMonitorRemoteLansView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_column_view_sort_by_column (self->column_view, self->lan_column, GTK_SORT_ASCENDING);

  /* The number of LANs changes with the items. */
  self->items_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->items_signals, "items-changed", G_CALLBACK (on_items_changed), self);
  self->model_signals = g_signal_group_new (DISC_TYPE_MONITOR_REMOTE_LANS_MODEL);
  g_signal_group_connect (self->model_signals, "notify::error", G_CALLBACK (on_notify), self);
}
