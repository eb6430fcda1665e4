/* disc-channel-message.h: one message received on a channel
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_CHANNEL_MESSAGE (disc_channel_message_get_type ())

G_DECLARE_FINAL_TYPE (DiscChannelMessage, disc_channel_message, DISC, CHANNEL_MESSAGE, GObject)

DiscChannelMessage *disc_channel_message_new         (const char         *channel,
                                                      JsonNode           *data,
                                                      DiscNode           *sender);
GDateTime          *disc_channel_message_get_time    (DiscChannelMessage *self);
const char         *disc_channel_message_get_channel (DiscChannelMessage *self);
const char         *disc_channel_message_get_sender  (DiscChannelMessage *self);
const char         *disc_channel_message_get_json    (DiscChannelMessage *self);

G_END_DECLS
