/* disc-monitor-event-log.c: the event log pane
 *
 * A column view over the session's event list, newest first, with a
 * search and a choice of kinds of events. Selecting an entry shows the
 * node it is about (for a node that left, as it was when it left), so a
 * node gone from the table can still be read from the entry that says it
 * left.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-event-log"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "disc-monitor-count-label.h"
#include "disc-monitor-drop-down-name.h"
#include "disc-monitor-event.h"
#include "disc-monitor-event-log.h"
#include "disc-monitor-optional-selection.h"
#include "disc-monitor-text-factory.h"

typedef enum {
  SHOW_ALL,
  SHOW_NODES,
  SHOW_MASTERS,
  SHOW_PROBLEMS,
} Show;

typedef enum {
  COLUMN_TIME,
  COLUMN_KIND,
  COLUMN_TEXT,
} Column;

struct _DiscMonitorEventLog
{
  GtkWidget            parent_instance;

  GListModel          *events;
  GtkFilterListModel  *filtered;
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;
  char                *search;      /* casefolded, or NULL */
  GTimeZone           *time_zone;   /* looked up once */
  Show                 show;
  DiscMonitorCountLabel *count;

  /* template children */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *kind_dropdown;
  GtkLabel            *count_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *text_column;
  GtkTextView         *details_text;
};

G_DEFINE_FINAL_TYPE (DiscMonitorEventLog, disc_monitor_event_log, GTK_TYPE_WIDGET)

/* Cells: an event never changes, so bind sets the text once. */

static char *
cell_text (gpointer item,
           int      column,
           gpointer user_data)
{
  DiscMonitorEventLog *self = user_data;
  DiscMonitorEvent *event = item;

  switch (column)
    {
    case COLUMN_TIME:
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (disc_monitor_event_get_time (event) / G_USEC_PER_SEC);
        g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, self->time_zone) : NULL;

        return local ? g_date_time_format (local, "%H:%M:%S") : NULL;
      }
    case COLUMN_KIND:
      return g_strdup (disc_monitor_event_kind_to_label (disc_monitor_event_get_kind (event)));
    case COLUMN_TEXT:
      return g_strdup (disc_monitor_event_get_text (event));
    default:
      g_assert_not_reached ();
    }
}

static void
on_bind_warning (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  DiscMonitorEventKind kind = disc_monitor_event_get_kind (gtk_list_item_get_item (list_item));
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (kind == DISC_MONITOR_EVENT_DROP || kind == DISC_MONITOR_EVENT_ERROR)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
}

static void
set_factory (DiscMonitorEventLog *self,
             GtkColumnViewColumn *column,
             Column               kind)
{
  g_autoptr(GtkListItemFactory) factory = disc_monitor_text_factory_new (cell_text, kind, self);

  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_warning), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* Filtering */

static gboolean
shows_kind (Show                 show,
            DiscMonitorEventKind kind)
{
  switch (show)
    {
    case SHOW_NODES:
      return kind == DISC_MONITOR_EVENT_ADDED || kind == DISC_MONITOR_EVENT_REMOVED;
    case SHOW_MASTERS:
      return kind == DISC_MONITOR_EVENT_MASTER || kind == DISC_MONITOR_EVENT_PROMOTION ||
             kind == DISC_MONITOR_EVENT_DEMOTION || kind == DISC_MONITOR_EVENT_CONTROL;
    case SHOW_PROBLEMS:
      return kind == DISC_MONITOR_EVENT_DROP || kind == DISC_MONITOR_EVENT_ERROR;
    case SHOW_ALL:
    default:
      return TRUE;
    }
}

static gboolean
filter_event (gpointer item,
              gpointer user_data)
{
  DiscMonitorEventLog *self = user_data;
  DiscMonitorEvent *event = item;
  g_autofree char *folded = NULL;

  if (!shows_kind (self->show, disc_monitor_event_get_kind (event)))
    return FALSE;
  if (self->search == NULL)
    return TRUE;
  folded = g_utf8_casefold (disc_monitor_event_get_search_text (event), -1);
  return strstr (folded, self->search) != NULL;
}

static void
on_search_changed (GtkSearchEntry      *entry,
                   DiscMonitorEventLog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_kind_selected (GtkDropDown         *dropdown,
                  GParamSpec          *pspec,
                  DiscMonitorEventLog *self)
{
  self->show = (Show) gtk_drop_down_get_selected (dropdown);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static char *
format_count (guint shown,
              guint total)
{
  if (shown == total)
    /* Translators: how many entries the event log holds */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", total), total);
  /* Translators: how many entries of the event log match the search */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u event", "%u of %u events", total),
                          shown, total);
}

/* Details */

static void
on_selection_changed (GtkSingleSelection  *selection,
                      GParamSpec          *pspec,
                      DiscMonitorEventLog *self)
{
  DiscMonitorEvent *event = gtk_single_selection_get_selected_item (selection);
  g_autofree char *json = event ? disc_monitor_event_dup_node_json (event) : NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details_text);

  if (event == NULL)
    gtk_text_buffer_set_text (buffer, _("Select an event to see the node it is about."), -1);
  else if (json == NULL)
    gtk_text_buffer_set_text (buffer, disc_monitor_event_get_text (event), -1);
  else
    gtk_text_buffer_set_text (buffer, json, -1);
}

/* GObject */

static void
disc_monitor_event_log_dispose (GObject *object)
{
  DiscMonitorEventLog *self = DISC_MONITOR_EVENT_LOG (object);

  g_clear_object (&self->count);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->events);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_EVENT_LOG);

  G_OBJECT_CLASS (disc_monitor_event_log_parent_class)->dispose (object);
}

static void
disc_monitor_event_log_finalize (GObject *object)
{
  DiscMonitorEventLog *self = DISC_MONITOR_EVENT_LOG (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (disc_monitor_event_log_parent_class)->finalize (object);
}

static void
disc_monitor_event_log_class_init (DiscMonitorEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_event_log_dispose;
  object_class->finalize = disc_monitor_event_log_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, count_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, time_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, kind_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, text_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorEventLog, details_text);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_event_log_init (DiscMonitorEventLog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  disc_monitor_drop_down_name_button (self->kind_dropdown);
  self->count = disc_monitor_count_label_new (self->count_label, format_count);

  self->time_zone = g_time_zone_new_local ();
  set_factory (self, self->time_column, COLUMN_TIME);
  set_factory (self, self->kind_column, COLUMN_KIND);
  set_factory (self, self->text_column, COLUMN_TEXT);

  self->filter = gtk_custom_filter_new (filter_event, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = disc_monitor_optional_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  on_selection_changed (self->selection, NULL, self);
  disc_monitor_count_label_set_models (self->count, G_LIST_MODEL (self->filtered), NULL);
}

/**
 * disc_monitor_event_log_set_model:
 * @self: an event log
 * @events: (nullable): a list model of DiscMonitorEvent, newest first
 *
 * Shows @events.
 */
void
disc_monitor_event_log_set_model (DiscMonitorEventLog *self,
                                  GListModel          *events)
{
  g_return_if_fail (DISC_IS_MONITOR_EVENT_LOG (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (!g_set_object (&self->events, events))
    return;
  gtk_filter_list_model_set_model (self->filtered, events);
  disc_monitor_count_label_set_models (self->count, G_LIST_MODEL (self->filtered), events);
}
