/* disc-monitor-nodes-view.c: the table of nodes, with search and details
 *
 * The column view is bound to the session's live node model through a
 * filter (the search) and a sort model (the column headers): one
 * items-changed per node that comes or goes, and rows that follow their
 * node's notifications. Nothing here walks the whole list on a hello.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-nodes-view"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-batch-model.h"
#include "disc-monitor-count-label.h"
#include "disc-monitor-item-factory.h"
#include "disc-monitor-node-cell.h"
#include "disc-monitor-node-format.h"
#include "disc-monitor-optional-selection.h"
#include "disc-monitor-nodes-view.h"

struct _DiscMonitorNodesView
{
  GtkWidget            parent_instance;

  DiscMonitorSession  *session;
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GtkStringFilter     *filter;
  DiscNode            *selected;
  GSignalGroup        *selected_signals; /* the selected node, for its details */
  GSignalGroup        *selection_signals;
  DiscMonitorCountLabel *count;

  /* template children */
  GtkSearchEntry      *search_entry;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *host_column;
  GtkColumnViewColumn *address_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *role_column;
  GtkColumnViewColumn *weight_column;
  GtkColumnViewColumn *last_seen_column;
  GtkColumnViewColumn *info_column;
  GtkLabel            *count_label;
  GtkLabel            *details_title;
  GtkLabel            *details_subtitle;
  GtkTextView         *details_text;
  GtkStack            *details_stack;
};

G_DEFINE_FINAL_TYPE (DiscMonitorNodesView, disc_monitor_nodes_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells */

/* "Last seen" cells style a node as stale past half its timeout: the
 * session's, which a cell cannot know by itself. */
static void
on_bind_last_seen (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   DiscMonitorNodesView     *self)
{
  guint node_timeout = 0, master_timeout = 0;

  if (self->session == NULL)
    return;
  g_object_get (disc_monitor_session_get_discovery (self->session),
                "node-timeout", &node_timeout, "master-timeout", &master_timeout, NULL);
  disc_monitor_node_cell_set_timeouts (DISC_MONITOR_NODE_CELL (gtk_list_item_get_child (list_item)),
                                       node_timeout, master_timeout);
}

static void
set_cell_factory (DiscMonitorNodesView *self,
                  GtkColumnViewColumn  *column,
                  const char           *field)
{
  g_autoptr(GtkListItemFactory) factory =
    disc_monitor_item_factory_new (DISC_TYPE_MONITOR_NODE_CELL,
                                   DISC_MONITOR_ITEM_SETTER (disc_monitor_node_cell_set_node), "field", field,
                                   "search", g_str_equal (field, "info") ? self->filter : NULL, NULL);

  if (g_str_equal (field, "last-seen"))
    g_signal_connect (factory, "bind", G_CALLBACK (on_bind_last_seen), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* Sorting and searching */

static guint
role_rank (DiscNode *node,
           gpointer  user_data)
{
  if (node == NULL)
    return 0;
  if (disc_node_get_is_master (node))
    return 2;
  return disc_node_get_is_master_eligible (node) ? 1 : 0;
}

/* IPv4 addresses in numeric order, then the port. */
static guint64
address_rank (DiscNode *node,
              gpointer  user_data)
{
  g_autoptr(GInetAddress) address = NULL;
  guint64 rank = 0;

  if (node == NULL || disc_node_get_address (node) == NULL)
    return 0;
  address = g_inet_address_new_from_string (disc_node_get_address (node));
  if (address != NULL && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      const guint8 *bytes = g_inet_address_to_bytes (address);

      rank = ((guint64) bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
    }
  return (rank << 16) | disc_node_get_port (node);
}

static char *
info_text (DiscNode *node,
           gpointer  user_data)
{
  return node ? disc_monitor_node_summarize_info (node) : NULL;
}

/* What the search matches: host, address, id and advertised info. */
static char *
search_text (DiscNode *node,
             gpointer  user_data)
{
  g_autofree char *info = NULL;

  if (node == NULL)
    return NULL;
  info = disc_node_dup_info_json (node);
  return g_strdup_printf ("%s %s:%u %s %s",
                          disc_node_get_host_name (node) ? disc_node_get_host_name (node) : "",
                          disc_node_get_address (node) ? disc_node_get_address (node) : "",
                          disc_node_get_port (node),
                          disc_node_get_id (node),
                          info ? info : "");
}

static GtkExpression *
closure_expression (GType     type,
                    GCallback callback)
{
  return gtk_cclosure_expression_new (type, NULL, 0, NULL, callback, NULL, NULL);
}

static void
set_string_sorter (GtkColumnViewColumn *column,
                   GtkExpression       *expression)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_string_sorter_new (expression));

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
set_numeric_sorter (GtkColumnViewColumn *column,
                    GtkExpression       *expression)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));

  gtk_column_view_column_set_sorter (column, sorter);
}

static char *
format_count (guint shown,
              guint total)
{
  if (shown == total)
    /* Translators: how many nodes the table lists, the monitor included */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", total), total);
  /* Translators: how many nodes match the search, of how many */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u node shown", "%u of %u nodes shown", total),
                          shown, total);
}

/* GTK 4.8's sort model re-emits whole ranges even when the column view's
 * sorter sorts nothing, which makes the view rebind its rows for every new
 * node: the sorter is only attached while a column is sorted. */
static void
on_sorter_changed (GtkSorter            *sorter,
                   GtkSorterChange       change,
                   DiscMonitorNodesView *self)
{
  gboolean sorting = gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  if (self->sorted == NULL)
    return;
  if (sorting && gtk_sort_list_model_get_sorter (self->sorted) != sorter)
    gtk_sort_list_model_set_sorter (self->sorted, sorter);
  else if (!sorting && gtk_sort_list_model_get_sorter (self->sorted) != NULL)
    gtk_sort_list_model_set_sorter (self->sorted, NULL);
}

static void
on_search_changed (GtkSearchEntry       *entry,
                   DiscMonitorNodesView *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search (GtkSearchEntry       *entry,
                DiscMonitorNodesView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Details */

static void
update_details (DiscMonitorNodesView *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *short_id = NULL;
  g_autofree char *role = NULL;
  g_autofree char *json = NULL;
  JsonNode *info;

  if (self->selected == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->details_stack, "details");
  title = g_strdup (disc_node_get_host_name (self->selected));
  role = disc_monitor_node_describe_role (self->selected);
  /* Translators: details of the selected node: address:port · role · id */
  subtitle = g_strdup_printf (_("%s:%u · %s · id %s"),
                              disc_node_get_address (self->selected),
                              disc_node_get_port (self->selected), role,
                              disc_node_get_id (self->selected));
  gtk_label_set_text (self->details_title, title ? title : "");
  gtk_label_set_text (self->details_subtitle, subtitle);

  info = disc_node_get_info (self->selected);
  if (info != NULL && !JSON_NODE_HOLDS_NULL (info))
    json = json_to_string (info, TRUE);
  else
    json = g_strdup (_("This node advertises nothing."));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->details_text), json, -1);
}

static void
on_selected_notify (DiscNode             *node,
                    GParamSpec           *pspec,
                    DiscMonitorNodesView *self)
{
  update_details (self);
}

static void
on_selection_changed (GtkSingleSelection   *selection,
                      GParamSpec           *pspec,
                      DiscMonitorNodesView *self)
{
  DiscNode *node = gtk_single_selection_get_selected_item (selection);

  if (node == self->selected)
    return;
  g_set_object (&self->selected, node);
  g_signal_group_set_target (self->selected_signals, node);
  update_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

/* GObject */

/* Also called from dispose, which may run twice. */
static void
clear_models (DiscMonitorNodesView *self)
{
  if (self->selected_signals != NULL)
    {
      g_signal_group_set_target (self->selected_signals, NULL);
      g_signal_group_set_target (self->selection_signals, NULL);
    }
  if (self->count != NULL)
    disc_monitor_count_label_set_models (self->count, NULL, NULL);
  g_clear_object (&self->selected);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
}

static void
disc_monitor_nodes_view_dispose (GObject *object)
{
  DiscMonitorNodesView *self = DISC_MONITOR_NODES_VIEW (object);

  clear_models (self);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->selection_signals);
  g_clear_object (&self->count);
  g_clear_object (&self->filter);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_NODES_VIEW);

  G_OBJECT_CLASS (disc_monitor_nodes_view_parent_class)->dispose (object);
}

static void
disc_monitor_nodes_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DiscMonitorNodesView *self = DISC_MONITOR_NODES_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_NODE:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_nodes_view_class_init (DiscMonitorNodesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_nodes_view_dispose;
  object_class->get_property = disc_monitor_nodes_view_get_property;

  /* The row the window's actions act on (remote control), or NULL. */
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, DISC_TYPE_NODE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-nodes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, host_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, address_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, id_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, role_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, weight_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, last_seen_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, info_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, details_title);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, details_text);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodesView, details_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_nodes_view_init (DiscMonitorNodesView *self)
{
  g_type_ensure (DISC_TYPE_MONITOR_NODE_CELL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->count = disc_monitor_count_label_new (self->count_label, format_count);

  /* The info cells show what the search matched in the advertised info. */
  self->filter = gtk_string_filter_new (closure_expression (G_TYPE_STRING, G_CALLBACK (search_text)));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);

  set_cell_factory (self, self->host_column, "host");
  set_cell_factory (self, self->address_column, "address");
  set_cell_factory (self, self->id_column, "id");
  set_cell_factory (self, self->role_column, "role");
  set_cell_factory (self, self->weight_column, "weight");
  set_cell_factory (self, self->last_seen_column, "last-seen");
  set_cell_factory (self, self->info_column, "info");

  set_string_sorter (self->host_column, gtk_property_expression_new (DISC_TYPE_NODE, NULL, "host-name"));
  set_numeric_sorter (self->address_column, closure_expression (G_TYPE_UINT64, G_CALLBACK (address_rank)));
  set_string_sorter (self->id_column, gtk_property_expression_new (DISC_TYPE_NODE, NULL, "id"));
  set_numeric_sorter (self->role_column, closure_expression (G_TYPE_UINT, G_CALLBACK (role_rank)));
  set_numeric_sorter (self->weight_column, gtk_property_expression_new (DISC_TYPE_NODE, NULL, "weight"));
  set_numeric_sorter (self->last_seen_column, gtk_property_expression_new (DISC_TYPE_NODE, NULL, "last-seen"));
  set_string_sorter (self->info_column, closure_expression (G_TYPE_STRING, G_CALLBACK (info_text)));
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  self->selected_signals = g_signal_group_new (DISC_TYPE_NODE);
  g_signal_group_connect (self->selected_signals, "notify::info", G_CALLBACK (on_selected_notify), self);
  g_signal_group_connect (self->selected_signals, "notify::is-master", G_CALLBACK (on_selected_notify), self);
  g_signal_group_connect (self->selected_signals, "notify::is-master-eligible",
                          G_CALLBACK (on_selected_notify), self);
  self->selection_signals = g_signal_group_new (GTK_TYPE_SINGLE_SELECTION);
  g_signal_group_connect (self->selection_signals, "notify::selected-item",
                          G_CALLBACK (on_selection_changed), self);

  update_details (self);
}

/**
 * disc_monitor_nodes_view_bind_session:
 * @self: a nodes view
 * @session: (nullable): the session whose nodes to show, or %NULL
 *
 * Shows the nodes of @session, following them until another session is
 * bound.
 */
void
disc_monitor_nodes_view_bind_session (DiscMonitorNodesView *self,
                                      DiscMonitorSession   *session)
{
  g_return_if_fail (DISC_IS_MONITOR_NODES_VIEW (self));
  g_return_if_fail (session == NULL || DISC_IS_MONITOR_SESSION (session));

  if (self->session == session)
    return;
  clear_models (self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      GListModel *nodes = disc_monitor_session_get_nodes (session);
      GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

      /* Bursts of nodes coming or going reach the view as one change. */
      self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (disc_monitor_batch_model_new (nodes)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
      self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), NULL);
      on_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT, self);
      self->selection = disc_monitor_optional_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
      g_signal_group_set_target (self->selection_signals, self->selection);
      /* The count says how many the search shows, of all. */
      disc_monitor_count_label_set_models (self->count, G_LIST_MODEL (self->filtered), nodes);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      on_selection_changed (self->selection, NULL, self);
    }
  update_details (self);
}

/**
 * disc_monitor_nodes_view_get_selected_node:
 * @self: a nodes view
 *
 * Returns: (transfer none) (nullable): the node of the selected row
 */
DiscNode *
disc_monitor_nodes_view_get_selected_node (DiscMonitorNodesView *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_NODES_VIEW (self), NULL);
  return self->selected;
}

/**
 * disc_monitor_nodes_view_focus_search:
 * @self: a nodes view
 *
 * Moves the keyboard focus to the search entry, its text selected.
 */
void
disc_monitor_nodes_view_focus_search (DiscMonitorNodesView *self)
{
  g_return_if_fail (DISC_IS_MONITOR_NODES_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}
