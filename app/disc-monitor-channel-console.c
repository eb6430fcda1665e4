/* disc-monitor-channel-console.c: join channels, read and send messages
 *
 * The log is a GListStore of DiscMonitorChannelMessage, newest first and capped,
 * shown in a column view. What is typed to send is parsed first: text
 * that is not JSON is reported under the entry and never sent.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-channel-console"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-channel-console.h"
#include "disc-monitor-text-factory.h"
#include "disc-monitor-channel-message.h"
#include "disc-monitor-field-error.h"
#include "disc-monitor-channel-list.h"

#define MAX_LOG_ENTRIES 1000

struct _DiscMonitorChannelConsole
{
  GtkWidget            parent_instance;

  DiscMonitorSession  *session;
  GListStore          *log;    /* of DiscMonitorChannelMessage, newest first */
  GPtrArray           *joined; /* of char *, in order of joining */
  GSignalGroup        *discovery_signals;

  /* template children */
  DiscMonitorChannelList *channel_list;
  GtkEntry            *channel_entry;
  GtkLabel            *channel_error;
  GtkLabel            *joined_label;
  GtkColumnView       *log_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *channel_column;
  GtkColumnViewColumn *sender_column;
  GtkColumnViewColumn *message_column;
  GtkEntry            *message_entry;
  GtkLabel            *message_error;
};

G_DEFINE_FINAL_TYPE (DiscMonitorChannelConsole, disc_monitor_channel_console, GTK_TYPE_WIDGET)

typedef enum {
  COLUMN_TIME,
  COLUMN_CHANNEL,
  COLUMN_SENDER,
  COLUMN_MESSAGE,
} Column;

/* Log cells: an entry never changes, so bind sets the text once. */

static char *
log_cell_text (gpointer item,
               int      column,
               gpointer user_data)
{
  DiscMonitorChannelMessage *message = item;

  switch (column)
    {
    case COLUMN_TIME:
      return g_date_time_format (disc_monitor_channel_message_get_time (message), "%H:%M:%S");
    case COLUMN_CHANNEL:
      return g_strdup (disc_monitor_channel_message_get_channel (message));
    case COLUMN_SENDER:
      return g_strdup (disc_monitor_channel_message_get_sender (message));
    case COLUMN_MESSAGE:
      return g_strdup (disc_monitor_channel_message_get_json (message));
    default:
      g_assert_not_reached ();
    }
}

static void
on_setup_monospace (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  gtk_widget_add_css_class (gtk_list_item_get_child (list_item), "monospace");
}

static void
set_log_factory (GtkColumnViewColumn *column,
                 Column               kind)
{
  g_autoptr(GtkListItemFactory) factory = disc_monitor_text_factory_new (log_cell_text, kind, NULL);

  if (kind == COLUMN_MESSAGE)
    g_signal_connect_after (factory, "setup", G_CALLBACK (on_setup_monospace), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* Inline errors */

static void
show_error (GtkEntry   *entry,
            GtkLabel   *error_label,
            const char *message)
{
  gtk_label_set_text (error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), message != NULL);
  disc_monitor_field_set_error (GTK_WIDGET (entry), message);
}

static void
on_channel_changed (GtkEditable               *editable,
                    DiscMonitorChannelConsole *self)
{
  show_error (self->channel_entry, self->channel_error, NULL);
}

static void
on_message_changed (GtkEditable               *editable,
                    DiscMonitorChannelConsole *self)
{
  show_error (self->message_entry, self->message_error, NULL);
}

/* Channels */

static void
update_joined (DiscMonitorChannelConsole *self)
{
  g_autofree char *list = NULL;
  g_autofree char *text = NULL;

  if (self->joined->len == 0)
    {
      gtk_label_set_text (self->joined_label, _("No channel joined: join one to log its messages."));
      return;
    }
  g_ptr_array_add (self->joined, NULL);
  list = g_strjoinv (", ", (char **) self->joined->pdata);
  g_ptr_array_set_size (self->joined, self->joined->len - 1);
  /* Translators: %s is a list of channel names */
  text = g_strdup_printf (_("Joined: %s"), list);
  gtk_label_set_text (self->joined_label, text);
}

static gboolean
find_joined (DiscMonitorChannelConsole *self,
             const char                *channel,
             guint                     *index)
{
  return g_ptr_array_find_with_equal_func (self->joined, channel, g_str_equal, index);
}

static char *
get_channel (DiscMonitorChannelConsole *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *channel = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->channel_entry))));

  if (*channel == '\0')
    {
      show_error (self->channel_entry, self->channel_error, _("Type a channel name first."));
      return NULL;
    }
  if (!disc_channel_name_is_valid (channel, &error))
    {
      show_error (self->channel_entry, self->channel_error, error->message);
      return NULL;
    }
  return g_steal_pointer (&channel);
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DiscMonitorChannelConsole *self = DISC_MONITOR_CHANNEL_CONSOLE (widget);
  g_autofree char *channel = get_channel (self);

  if (channel == NULL || self->session == NULL)
    return;
  if (!disc_discovery_join (disc_monitor_session_get_discovery (self->session), channel))
    {
      show_error (self->channel_entry, self->channel_error, _("This channel cannot be joined."));
      return;
    }
  if (!find_joined (self, channel, NULL))
    g_ptr_array_add (self->joined, g_steal_pointer (&channel));
  update_joined (self);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DiscMonitorChannelConsole *self = DISC_MONITOR_CHANNEL_CONSOLE (widget);
  g_autofree char *channel = get_channel (self);
  guint index;

  if (channel == NULL || self->session == NULL)
    return;
  if (!find_joined (self, channel, &index))
    {
      show_error (self->channel_entry, self->channel_error, _("This channel is not joined."));
      return;
    }
  disc_discovery_leave (disc_monitor_session_get_discovery (self->session), channel);
  g_ptr_array_remove_index (self->joined, index);
  update_joined (self);
}

static void
append_log (DiscMonitorChannelConsole *self,
            DiscMonitorChannelMessage *message)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  if (n >= MAX_LOG_ENTRIES)
    g_list_store_splice (self->log, MAX_LOG_ENTRIES - 1, n - MAX_LOG_ENTRIES + 1, NULL, 0);
  g_list_store_insert (self->log, 0, message);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DiscMonitorChannelConsole *self = DISC_MONITOR_CHANNEL_CONSOLE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscMonitorChannelMessage) sent = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *channel = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));

  if (self->session == NULL)
    return;

  /* The JSON is checked first: invalid text is never sent. It is read as
   * peers read it (big integers as JSON.parse's doubles). */
  data = disc_json_from_string (text, &error);
  if (data == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not valid JSON, not sent: %s"), error->message);

      show_error (self->message_entry, self->message_error, message);
      return;
    }

  channel = get_channel (self);
  if (channel == NULL)
    return;

  if (!disc_discovery_send (disc_monitor_session_get_discovery (self->session), channel, data, &error))
    {
      show_error (self->message_entry, self->message_error, error->message);
      return;
    }

  sent = disc_monitor_channel_message_new (channel, data, disc_monitor_session_get_me (self->session));
  append_log (self, sent);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");
}

static void
on_message (DiscDiscovery             *discovery,
            const char                *channel,
            JsonNode                  *data,
            DiscNode                  *sender,
            DiscMonitorChannelConsole *self)
{
  g_autoptr(DiscMonitorChannelMessage) message = NULL;

  /* With all-channels, the channel list hears every channel; the log
   * shows only the joined ones. */
  if (!disc_discovery_is_joined (discovery, channel))
    return;
  message = disc_monitor_channel_message_new (channel, data, sender);
  append_log (self, message);
}

static void
on_channel_list_join (DiscMonitorChannelList    *list,
                      const char                *channel,
                      DiscMonitorChannelConsole *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->channel_entry), channel);
  gtk_widget_activate_action (GTK_WIDGET (self), "console.join", NULL);
}

static void
on_channel_activate (GtkEntry                  *entry,
                     DiscMonitorChannelConsole *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "console.join", NULL);
}

static void
on_message_activate (GtkEntry                  *entry,
                     DiscMonitorChannelConsole *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "console.send", NULL);
}

/* GObject */

static void
disc_monitor_channel_console_dispose (GObject *object)
{
  DiscMonitorChannelConsole *self = DISC_MONITOR_CHANNEL_CONSOLE (object);

  g_clear_object (&self->discovery_signals);
  if (self->log_view != NULL)
    gtk_column_view_set_model (self->log_view, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->log);
  g_clear_pointer (&self->joined, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_CHANNEL_CONSOLE);

  G_OBJECT_CLASS (disc_monitor_channel_console_parent_class)->dispose (object);
}

static void
disc_monitor_channel_console_class_init (DiscMonitorChannelConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_channel_console_dispose;

  gtk_widget_class_install_action (widget_class, "console.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "console.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "console.send", NULL, send_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-channel-console.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, channel_list);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, channel_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, channel_error);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, joined_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, log_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, time_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, channel_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, sender_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, message_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, message_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelConsole, message_error);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_list_join);
  gtk_widget_class_bind_template_callback (widget_class, on_message_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_channel_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_message_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_channel_console_init (DiscMonitorChannelConsole *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_type_ensure (DISC_TYPE_MONITOR_CHANNEL_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->log = g_list_store_new (DISC_TYPE_MONITOR_CHANNEL_MESSAGE);
  self->joined = g_ptr_array_new_with_free_func (g_free);

  set_log_factory (self->time_column, COLUMN_TIME);
  set_log_factory (self->channel_column, COLUMN_CHANNEL);
  set_log_factory (self->sender_column, COLUMN_SENDER);
  set_log_factory (self->message_column, COLUMN_MESSAGE);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->log)));
  gtk_column_view_set_model (self->log_view, GTK_SELECTION_MODEL (selection));
  update_joined (self);

  self->discovery_signals = g_signal_group_new (DISC_TYPE_DISCOVERY);
  g_signal_group_connect (self->discovery_signals, "message", G_CALLBACK (on_message), self);
}

/**
 * disc_monitor_channel_console_bind_session:
 * @self: a channel console
 * @session: (nullable): the session whose node joins, sends and logs, or
 *   %NULL
 *
 * Logs the messages the node of @session receives, until another session
 * is bound.
 */
void
disc_monitor_channel_console_bind_session (DiscMonitorChannelConsole *self,
                                           DiscMonitorSession        *session)
{
  g_return_if_fail (DISC_IS_MONITOR_CHANNEL_CONSOLE (self));
  g_return_if_fail (session == NULL || DISC_IS_MONITOR_SESSION (session));

  if (self->session == session)
    return;
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->discovery_signals,
                             session ? disc_monitor_session_get_discovery (session) : NULL);
  if (session != NULL)
    disc_monitor_channel_list_set_discovery (self->channel_list, disc_monitor_session_get_discovery (session));
}
