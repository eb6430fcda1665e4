/* disc-remote-lans-view.c: the LANs page: every LAN's nodes, from etcd
 *
 * A GtkColumnView bound to a DiscRemoteLansModel through a sort model:
 * one row per node of every LAN the cluster's bridges mirror, with a LAN
 * column (sorted by it at first). The columns are bound to the items'
 * properties in the template, so a changed node updates its row.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-remote-lans-view"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-remote-lans-view.h"

struct _DiscRemoteLansView
{
  GtkWidget            parent_instance;

  DiscRemoteLansModel *model;

  /* template children */
  GtkLabel            *summary_label;
  GtkLabel            *count_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *lan_column;
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DiscRemoteLansView, disc_remote_lans_view, GTK_TYPE_WIDGET)

static void
update_labels (DiscRemoteLansView *self)
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
  error = disc_remote_lans_model_get_error (self->model);
  n_lans = disc_remote_lans_model_get_n_lans (self->model);
  n_nodes = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (error != NULL)
    /* Translators: %s is why etcd cannot be read. */
    summary = g_strdup_printf (_("etcd cannot be read now (%s); trying again. The rows are as last read."), error);
  else
    /* Translators: %s is the cluster's name. */
    summary = g_strdup_printf (_("Every LAN of cluster “%s”, as their bridges mirror it into etcd."),
                               disc_remote_lans_model_get_cluster (self->model));
  /* Translators: the counts of the LANs page. */
  count = g_strdup_printf (_("Nodes: %u · LANs: %u"), n_nodes, n_lans);
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->count_label, count);
}

static void
on_items_changed (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  DiscRemoteLansView *self)
{
  update_labels (self);
}

static void
on_notify (GObject            *model,
           GParamSpec         *pspec,
           DiscRemoteLansView *self)
{
  update_labels (self);
}

void
disc_remote_lans_view_set_model (DiscRemoteLansView  *self,
                                 DiscRemoteLansModel *model)
{
  g_return_if_fail (DISC_IS_REMOTE_LANS_VIEW (self));
  g_return_if_fail (model == NULL || DISC_IS_REMOTE_LANS_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      GtkSortListModel *sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (model)),
                                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
      GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (sorted));

      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect (model, "notify::error", G_CALLBACK (on_notify), self);
      g_signal_connect (model, "notify::n-lans", G_CALLBACK (on_notify), self);
    }
  else
    gtk_column_view_set_model (self->column_view, NULL);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

DiscRemoteLansModel *
disc_remote_lans_view_get_model (DiscRemoteLansView *self)
{
  g_return_val_if_fail (DISC_IS_REMOTE_LANS_VIEW (self), NULL);
  return self->model;
}

static void
disc_remote_lans_view_dispose (GObject *object)
{
  DiscRemoteLansView *self = DISC_REMOTE_LANS_VIEW (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_REMOTE_LANS_VIEW);
  G_OBJECT_CLASS (disc_remote_lans_view_parent_class)->dispose (object);
}

static void
disc_remote_lans_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DiscRemoteLansView *self = DISC_REMOTE_LANS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_remote_lans_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DiscRemoteLansView *self = DISC_REMOTE_LANS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      disc_remote_lans_view_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_remote_lans_view_class_init (DiscRemoteLansViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_remote_lans_view_dispose;
  object_class->get_property = disc_remote_lans_view_get_property;
  object_class->set_property = disc_remote_lans_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, DISC_TYPE_REMOTE_LANS_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template's expressions name the item type. */
  g_type_ensure (DISC_TYPE_REMOTE_NODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/libdisc/Monitor/disc-remote-lans-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscRemoteLansView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DiscRemoteLansView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DiscRemoteLansView, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiscRemoteLansView, lan_column);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_remote_lans_view_init (DiscRemoteLansView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_column_view_sort_by_column (self->column_view, self->lan_column, GTK_SORT_ASCENDING);
}
