/* disc-monitor-services-view.c: nodes grouped by the service they advertise
 *
 * A tree over the session's DiscMonitorServiceGroupModel: one row per service
 * name with its candidate count, expanding to the candidates. Both levels
 * are live list models, so a node that comes, goes or renames its service
 * moves one row. The search (disc-monitor-service-search.c) keeps the
 * services whose name, or one of whose candidates' host, endpoint,
 * version or short id, holds its text: what the rows show.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-services-view"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-label-refresh.h"
#include "disc-monitor-item-factory.h"
#include "disc-monitor-optional-selection.h"
#include "disc-monitor-service-group.h"
#include "disc-monitor-service-group-model.h"
#include "disc-monitor-service-row.h"
#include "disc-monitor-service-search.h"
#include "disc-monitor-services-view.h"

struct _DiscMonitorServicesView
{
  GtkWidget           parent_instance;

  DiscMonitorSession *session;
  GtkFilterListModel *shown;      /* the services the search keeps */
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GSignalGroup       *services_signals;
  DiscMonitorServiceSearch *search;

  /* template children */
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (DiscMonitorServicesView, disc_monitor_services_view, GTK_TYPE_WIDGET)

static void update_page (DiscMonitorServicesView *self);

static void
on_search_changed (GtkSearchEntry          *entry,
                   DiscMonitorServicesView *self)
{
  disc_monitor_service_search_set_text (self->search, gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* A search that keeps every service changes no item. */
  update_page (self);
}

static void
on_stop_search (GtkSearchEntry          *entry,
                DiscMonitorServicesView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  DiscMonitorServicesView *self = user_data;

  if (!DISC_IS_MONITOR_SERVICE_GROUP (item))
    return NULL;
  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (disc_monitor_service_group_get_candidates (item)),
                                                  g_object_ref (disc_monitor_service_search_get_candidate_filter (self->search))));
}

/* The named services among those the search keeps. */
static guint
count_named (GListModel *groups)
{
  guint n = g_list_model_get_n_items (groups);
  guint named = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) group = g_list_model_get_item (groups, i);

      if (DISC_IS_MONITOR_SERVICE_GROUP (group) &&
          disc_monitor_service_group_get_name (DISC_MONITOR_SERVICE_GROUP (group)) != NULL)
        named++;
    }
  return named;
}

static void
update_page (DiscMonitorServicesView *self)
{
  DiscMonitorServiceGroupModel *services;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n;
  g_autofree char *text = NULL;

  if (self->session == NULL)
    return;
  services = disc_monitor_session_get_services (self->session);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (disc_monitor_service_group_model_get_model (services)) > 0
                                    ? "services" : "empty");
  /* The nodes that advertise no name are not a service. */
  n = disc_monitor_service_group_model_get_n_named (services);
  if (self->shown != NULL && search != NULL && *search != '\0')
    /* Translators: how many distinct service names the search keeps, of how many are advertised */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u service", "%u of %u services", n),
                            count_named (G_LIST_MODEL (self->shown)), n);
  else
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

static void
on_activate (GtkListView             *list_view,
             guint                    position,
             DiscMonitorServicesView *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* The tree row of the service row that has the focus, or holds it (the
 * focus is on the list's item around a row, or on a service's name in
 * it); NULL when the focus is elsewhere. */
static GtkTreeListRow *
get_focused_row (DiscMonitorServicesView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->list_view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;
  child = gtk_widget_get_first_child (focus);
  if (DISC_IS_MONITOR_SERVICE_ROW (child))
    return disc_monitor_service_row_get_list_row (DISC_MONITOR_SERVICE_ROW (child));
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self->list_view); w = gtk_widget_get_parent (w))
    if (DISC_IS_MONITOR_SERVICE_ROW (w))
      return disc_monitor_service_row_get_list_row (DISC_MONITOR_SERVICE_ROW (w));
  return NULL;
}

/* Expanders by keyboard, as in other GNOME trees: → expands the service
 * that has the focus, ← collapses it (Enter toggles it); the selected one
 * when the focus is on none, as after a click on the list's background.
 * The focus first: Ctrl+↑/↓ and Tab move it without selecting. Not + and
 * −: typing them goes to the search. */
static gboolean
expand_focused (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  DiscMonitorServicesView *self = DISC_MONITOR_SERVICES_VIEW (user_data);
  g_autoptr(GtkTreeListRow) row = NULL;
  GtkTreeListRow *focused;
  guint position;

  if (self->selection == NULL)
    return FALSE;
  focused = get_focused_row (self);
  if (focused != NULL)
    row = g_object_ref (focused);
  else
    {
      position = gtk_single_selection_get_selected (self->selection);
      if (position == GTK_INVALID_LIST_POSITION)
        return FALSE;
      row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);
    }
  if (row == NULL || !gtk_tree_list_row_is_expandable (row))
    return FALSE;
  gtk_tree_list_row_set_expanded (row, g_variant_get_boolean (args));
  return TRUE;
}

static void
add_expand_shortcuts (DiscMonitorServicesView *self)
{
  static const struct { guint key; gboolean expand; } keys[] = {
    { GDK_KEY_Right, TRUE }, { GDK_KEY_KP_Right, TRUE },
    { GDK_KEY_Left, FALSE }, { GDK_KEY_KP_Left, FALSE },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Before the list's own bindings of the arrow keys. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                                                gtk_callback_action_new (expand_focused, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_boolean (keys[i].expand));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
}

static void
clear_models (DiscMonitorServicesView *self)
{
  if (self->services_signals != NULL)   /* NULL when dispose runs again */
    g_signal_group_set_target (self->services_signals, NULL);
  if (self->search != NULL)
    disc_monitor_service_search_set_services (self->search, NULL);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
}

static void
disc_monitor_services_view_dispose (GObject *object)
{
  DiscMonitorServicesView *self = DISC_MONITOR_SERVICES_VIEW (object);

  clear_models (self);
  g_clear_object (&self->services_signals);
  g_clear_object (&self->search);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-services-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, stack);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, list_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorServicesView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_services_view_init (DiscMonitorServicesView *self)
{
  g_autoptr(GtkListItemFactory) factory =
    disc_monitor_item_factory_new (DISC_TYPE_MONITOR_SERVICE_ROW,
                                   DISC_MONITOR_ITEM_SETTER (disc_monitor_service_row_set_list_row), NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  disc_monitor_label_refresh_on_map (self->count_label);
  gtk_list_view_set_factory (self->list_view, factory);
  add_expand_shortcuts (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  self->search = disc_monitor_service_search_new ();

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
      DiscMonitorServiceGroupModel *groups = disc_monitor_session_get_services (session);
      GListModel *services = disc_monitor_service_group_model_get_model (groups);
      GtkFilterListModel *shown =
        gtk_filter_list_model_new (g_object_ref (services),
                                   g_object_ref (disc_monitor_service_search_get_group_filter (self->search)));

      disc_monitor_service_search_set_services (self->search, groups);
      /* What the search keeps changes the count. */
      self->shown = g_object_ref (shown);
      g_signal_connect_swapped (shown, "items-changed", G_CALLBACK (update_page), self);

      self->tree = gtk_tree_list_model_new (G_LIST_MODEL (shown), FALSE, FALSE, create_children, self, NULL);
      self->selection = disc_monitor_optional_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      g_signal_group_set_target (self->services_signals, services);
    }
  update_page (self);
}
