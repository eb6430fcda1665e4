/* disc-monitor-channel-list.c: the channels heard on the network
 *
 * Turns on DiscDiscovery:all-channels, so that the monitor hears every
 * channel without joining it, and lists each channel heard with how many
 * messages it carried; a Join button on each row asks the console to
 * join it (the ::join signal). Names come off the network: at most
 * MAX_CHANNELS are listed, the rest only counted.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-channel-list"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-label-refresh.h"
#include "disc-monitor-channel.h"
#include "disc-monitor-channel-list.h"

#define MAX_CHANNELS 256

struct _DiscMonitorChannelList
{
  GtkWidget            parent_instance;

  DiscDiscovery       *discovery;
  GListStore          *channels;   /* of DiscMonitorChannel, in order heard */
  GHashTable          *by_name;    /* name -> DiscMonitorChannel (borrowed) */
  guint64              unlisted;   /* messages on channels past MAX_CHANNELS */

  /* template children */
  GtkLabel            *summary_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *count_column;
  GtkColumnViewColumn *join_column;
};

G_DEFINE_FINAL_TYPE (DiscMonitorChannelList, disc_monitor_channel_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_JOIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_count (GObject *item,
              guint64  count,
              gpointer user_data)
{
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

  /* Translators: how many messages were heard on a channel; %s is the number */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s message", "%s messages", count), number);
}

static GtkExpression *
item_property (const char *property)
{
  GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");

  return gtk_property_expression_new (DISC_TYPE_MONITOR_CHANNEL, item, property);
}

static void
on_setup_label (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *expression = item_property (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (g_str_equal (user_data, "message-count"))
    {
      GtkExpression *params[] = { expression };

      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, params,
                                                G_CALLBACK (format_count), NULL, NULL);
    }
  else
    gtk_expression_bind (gtk_expression_ref (expression), label, "tooltip-text", list_item);
  gtk_expression_bind (expression, label, "label", list_item);
  gtk_list_item_set_child (list_item, label);
}

static void
on_join_clicked (GtkButton              *button,
                 DiscMonitorChannelList *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "disc-channel");

  if (name != NULL)
    g_signal_emit (self, signals[SIGNAL_JOIN], 0, name);
}

static void
on_setup_join (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               DiscMonitorChannelList   *self)
{
  GtkWidget *button = gtk_button_new_with_label (_("Join"));

  g_signal_connect (button, "clicked", G_CALLBACK (on_join_clicked), self);
  gtk_list_item_set_child (list_item, button);
}

static void
on_bind_join (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              DiscMonitorChannelList   *self)
{
  DiscMonitorChannel *channel = gtk_list_item_get_item (list_item);
  GtkWidget *button = gtk_list_item_get_child (list_item);
  const char *name = disc_monitor_channel_get_name (channel);
  /* Translators: accessible name and tooltip of a row's Join button; %s is a channel */
  g_autofree char *label = g_strdup_printf (_("Join %s"), name);

  g_object_set_data_full (G_OBJECT (button), "disc-channel", g_strdup (name), g_free);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
set_factory (DiscMonitorChannelList *self,
             GtkColumnViewColumn    *column,
             const char             *property)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  if (property != NULL)
    g_signal_connect (factory, "setup", G_CALLBACK (on_setup_label), (gpointer) property);
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_join), self);
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_join), self);
    }
  gtk_column_view_column_set_factory (column, factory);
}

static void
update_summary (DiscMonitorChannelList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->channels));
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No message heard on any channel yet."));
  else if (self->unlisted > 0)
    /* Translators: %u channels are listed; more were heard than the list keeps */
    text = g_strdup_printf (_("%u channels heard; more messages on other channels were not listed."), n);
  else
    /* Translators: %u is a number of channels */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u channel heard, joined or not.",
                                         "%u channels heard, joined or not.", n), n);
  gtk_label_set_text (self->summary_label, text);
}

static void
on_message (DiscDiscovery          *discovery,
            const char             *channel,
            JsonNode               *data,
            DiscNode               *sender,
            DiscMonitorChannelList *self)
{
  DiscMonitorChannel *item;

  if (channel == NULL)
    return;
  item = g_hash_table_lookup (self->by_name, channel);
  if (item == NULL)
    {
      g_autoptr(DiscMonitorChannel) created = NULL;
      gboolean was_unlisted = self->unlisted > 0;

      if (g_hash_table_size (self->by_name) >= MAX_CHANNELS)
        {
          self->unlisted++;
          if (!was_unlisted)
            update_summary (self);
          return;
        }
      created = disc_monitor_channel_new (channel);
      item = created;
      g_hash_table_insert (self->by_name, g_strdup (channel), item);
      g_list_store_append (self->channels, item);
      update_summary (self);
    }
  disc_monitor_channel_count_message (item);
}

/* GObject */

static void
disc_monitor_channel_list_dispose (GObject *object)
{
  DiscMonitorChannelList *self = DISC_MONITOR_CHANNEL_LIST (object);

  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->channels);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_CHANNEL_LIST);

  G_OBJECT_CLASS (disc_monitor_channel_list_parent_class)->dispose (object);
}

static void
disc_monitor_channel_list_class_init (DiscMonitorChannelListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_channel_list_dispose;

  /**
   * DiscMonitorChannelList::join:
   * @self: the channel list
   * @channel: the channel to join
   *
   * The user asked to join @channel and read its messages.
   */
  signals[SIGNAL_JOIN] =
    g_signal_new ("join", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-channel-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelList, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelList, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelList, name_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelList, count_column);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorChannelList, join_column);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
disc_monitor_channel_list_init (DiscMonitorChannelList *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  disc_monitor_label_refresh_on_map (self->summary_label);

  self->channels = g_list_store_new (DISC_TYPE_MONITOR_CHANNEL);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  set_factory (self, self->name_column, "name");
  set_factory (self, self->count_column, "message-count");
  set_factory (self, self->join_column, NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->channels)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_summary (self);
}

/**
 * disc_monitor_channel_list_set_discovery:
 * @self: a channel list
 * @discovery: the monitor's discovery
 *
 * Lists the channels @discovery hears from now on, and makes it hear
 * every channel (DiscDiscovery:all-channels).
 */
void
disc_monitor_channel_list_set_discovery (DiscMonitorChannelList *self,
                                         DiscDiscovery          *discovery)
{
  g_return_if_fail (DISC_IS_MONITOR_CHANNEL_LIST (self));
  g_return_if_fail (DISC_IS_DISCOVERY (discovery));
  g_return_if_fail (self->discovery == NULL);

  self->discovery = g_object_ref (discovery);
  g_object_set (discovery, "all-channels", TRUE, NULL);
  g_signal_connect (discovery, "message", G_CALLBACK (on_message), self);
}
