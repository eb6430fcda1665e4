/* disc-monitor-channel.c: a channel seen on the network, with its count
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-channel"

#include "config.h"

#include "disc-monitor-channel.h"

struct _DiscMonitorChannel
{
  GObject  parent_instance;

  char    *name;
  guint64  message_count;
};

G_DEFINE_FINAL_TYPE (DiscMonitorChannel, disc_monitor_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_MESSAGE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disc_monitor_channel_finalize (GObject *object)
{
  g_free (DISC_MONITOR_CHANNEL (object)->name);
  G_OBJECT_CLASS (disc_monitor_channel_parent_class)->finalize (object);
}

static void
disc_monitor_channel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DiscMonitorChannel *self = DISC_MONITOR_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MESSAGE_COUNT:
      g_value_set_uint64 (value, self->message_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_channel_class_init (DiscMonitorChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = disc_monitor_channel_finalize;
  object_class->get_property = disc_monitor_channel_get_property;

  /*
   * DiscMonitorChannel:name:
   *
   * The channel's name, as it came off the network.
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /*
   * DiscMonitorChannel:message-count:
   *
   * How many messages on it the monitor heard.
   */
  properties[PROP_MESSAGE_COUNT] =
    g_param_spec_uint64 ("message-count", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_channel_init (DiscMonitorChannel *self)
{
}

/**
 * disc_monitor_channel_new:
 * @name: a channel name
 *
 * Returns: (transfer full): a channel with no message counted
 */
DiscMonitorChannel *
disc_monitor_channel_new (const char *name)
{
  DiscMonitorChannel *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DISC_TYPE_MONITOR_CHANNEL, NULL);
  self->name = g_strdup (name);
  return self;
}

const char *
disc_monitor_channel_get_name (DiscMonitorChannel *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CHANNEL (self), NULL);
  return self->name;
}

/**
 * disc_monitor_channel_count_message:
 * @self: a channel
 *
 * Counts one more message heard on @self.
 */
void
disc_monitor_channel_count_message (DiscMonitorChannel *self)
{
  g_return_if_fail (DISC_IS_MONITOR_CHANNEL (self));
  self->message_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
}
