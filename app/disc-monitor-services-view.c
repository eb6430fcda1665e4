/* disc-monitor-services-view.c: nodes grouped by the service they advertise
 *
 * A tree over the session's DiscMonitorServiceGroupModel: one row per service
 * name with its candidate count, expanding to the candidates. Both levels
 * are live list models, so a node that comes, goes or renames its service
 * moves one row.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-services-view"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-service-group.h"
#include "disc-monitor-service-row.h"
#include "disc-monitor-services-view.h"

struct _DiscMonitorServicesView
{
  GtkWidget           parent_instance;

  DiscMonitorSession *session;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GSignalGroup       *services_signals;

  /* template children */
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (DiscMonitorServicesView, disc_monitor_services_view, GTK_TYPE_WIDGET)

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  if (DISC_IS_MONITOR_SERVICE_GROUP (item))
    return g_object_ref (disc_monitor_service_group_get_candidates (DISC_MONITOR_SERVICE_GROUP (item)));
  return NULL;
}

static void
on_setup_row (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, g_object_new (DISC_TYPE_MONITOR_SERVICE_ROW, NULL));
}

static void
on_bind_row (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  disc_monitor_service_row_set_list_row (DISC_MONITOR_SERVICE_ROW (gtk_list_item_get_child (list_item)),
                                 gtk_list_item_get_item (list_item));
}

static void
on_unbind_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  disc_monitor_service_row_set_list_row (DISC_MONITOR_SERVICE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
update_page (DiscMonitorServicesView *self)
{
  GListModel *services;
  guint n;
  g_autofree char *text = NULL;

  if (self->session == NULL)
    return;
  services = disc_monitor_session_get_services (self->session);
  n = g_list_model_get_n_items (services);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "services" : "empty");
  /* Translators: how many distinct service names are advertised */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", n), n);
  gtk_label_set_text (self->count_label, text);
}

static void
on_services_changed (GListModel              *services,
                     guint                    position,
                     guint                    removed,
                     guint                    added,
                     DiscMonitorServicesView *self)
{
  update_page (self);
}

/* GTK 4.8 does not pass text changes of widgets on a hidden page to the
 * accessibility bus: set them again when the page is shown. */
static void
disc_monitor_services_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (disc_monitor_services_view_parent_class)->map (widget);
  gtk_label_set_text (DISC_MONITOR_SERVICES_VIEW (widget)->count_label, "");
  update_page (DISC_MONITOR_SERVICES_VIEW (widget));
}

static void
on_activate (GtkListView             *list_view,
             guint                    position,
             DiscMonitorServicesView *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
clear_models (DiscMonitorServicesView *self)
{
  if (self->services_signals != NULL)   /* NULL when dispose runs again */
    g_signal_group_set_target (self->services_signals, NULL);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
}

static void
disc_monitor_services_view_dispose (GObject *object)
{
  DiscMonitorServicesView *self = DISC_MONITOR_SERVICES_VIEW (object);

  clear_models (self);
  g_clear_object (&self->services_signals);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_SERVICES_VIEW);

  G_OBJECT_CLASS (disc_monitor_services_view_parent_class)->dispose (object);
}

static void
disc_monitor_services_view_class_init (DiscMonitorServicesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_services_view_dispose;
  widget_class->map = disc_monitor_services_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-services-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, stack);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, list_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_services_view_init (DiscMonitorServicesView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  self->services_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->services_signals, "items-changed", G_CALLBACK (on_services_changed), self);
}

/**
 * disc_monitor_services_view_bind_session:
 * @self: a services view
 * @session: (nullable): the session whose services to show, or %NULL
 *
 * Shows the service groups of @session, following them until another
 * session is bound.
 */
void
disc_monitor_services_view_bind_session (DiscMonitorServicesView *self,
                                         DiscMonitorSession      *session)
{
  g_return_if_fail (DISC_IS_MONITOR_SERVICES_VIEW (self));
  g_return_if_fail (session == NULL || DISC_IS_MONITOR_SESSION (session));

  if (self->session == session)
    return;
  clear_models (self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      GListModel *services = disc_monitor_session_get_services (session);

      self->tree = gtk_tree_list_model_new (g_object_ref (services), FALSE, FALSE,
                                            create_children, NULL, NULL);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_group_set_target (self->services_signals, services);
    }
  update_page (self);
}
