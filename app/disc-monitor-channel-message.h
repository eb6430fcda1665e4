/* disc-monitor-channel-message.h: one message received on a channel
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_CHANNEL_MESSAGE (disc_monitor_channel_message_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorChannelMessage, disc_monitor_channel_message, DISC, MONITOR_CHANNEL_MESSAGE, GObject)

DiscMonitorChannelMessage *disc_monitor_channel_message_new         (const char                *channel,
                                                                     JsonNode                  *data,
                                                                     DiscNode                  *sender);
GDateTime                 *disc_monitor_channel_message_get_time    (DiscMonitorChannelMessage *self);
const char                *disc_monitor_channel_message_get_channel (DiscMonitorChannelMessage *self);
const char                *disc_monitor_channel_message_get_sender  (DiscMonitorChannelMessage *self);
const char                *disc_monitor_channel_message_get_json    (DiscMonitorChannelMessage *self);

G_END_DECLS
