/* disc-monitor-channel-message.c: one message received on a channel
 *
 * A snapshot taken when the message arrives: the sender is described as
 * it was then (its node may leave the table later) and the data is kept
 * as compact JSON text.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-channel-message"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-channel-message.h"

struct _DiscMonitorChannelMessage
{
  GObject    parent_instance;

  GDateTime *time;
  char      *channel;
  char      *sender;
  char      *json;
};

G_DEFINE_FINAL_TYPE (DiscMonitorChannelMessage, disc_monitor_channel_message, G_TYPE_OBJECT)

static void
disc_monitor_channel_message_finalize (GObject *object)
{
  DiscMonitorChannelMessage *self = DISC_MONITOR_CHANNEL_MESSAGE (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->json, g_free);

  G_OBJECT_CLASS (disc_monitor_channel_message_parent_class)->finalize (object);
}

static void
disc_monitor_channel_message_class_init (DiscMonitorChannelMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = disc_monitor_channel_message_finalize;
}

static void
disc_monitor_channel_message_init (DiscMonitorChannelMessage *self)
{
}

/**
 * disc_monitor_channel_message_new:
 * @channel: the channel
 * @data: (nullable): the message
 * @sender: (nullable): the node that sent it, if known
 *
 * Returns: (transfer full): a log entry for a message received now
 */
DiscMonitorChannelMessage *
disc_monitor_channel_message_new (const char *channel,
                                  JsonNode   *data,
                                  DiscNode   *sender)
{
  DiscMonitorChannelMessage *self;

  g_return_val_if_fail (channel != NULL, NULL);

  self = g_object_new (DISC_TYPE_MONITOR_CHANNEL_MESSAGE, NULL);
  self->time = g_date_time_new_now_local ();
  self->channel = g_strdup (channel);
  if (sender != NULL)
    self->sender = g_strdup_printf ("%s (%.8s)", disc_node_get_host_name (sender),
                                    disc_node_get_id (sender));
  else
    /* Translators: the sender of a message is not in the node table */
    self->sender = g_strdup (_("unknown sender"));
  self->json = data ? json_to_string (data, FALSE) : g_strdup ("null");
  return self;
}

GDateTime *
disc_monitor_channel_message_get_time (DiscMonitorChannelMessage *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CHANNEL_MESSAGE (self), NULL);
  return self->time;
}

const char *
disc_monitor_channel_message_get_channel (DiscMonitorChannelMessage *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CHANNEL_MESSAGE (self), NULL);
  return self->channel;
}

const char *
disc_monitor_channel_message_get_sender (DiscMonitorChannelMessage *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CHANNEL_MESSAGE (self), NULL);
  return self->sender;
}

const char *
disc_monitor_channel_message_get_json (DiscMonitorChannelMessage *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CHANNEL_MESSAGE (self), NULL);
  return self->json;
}
