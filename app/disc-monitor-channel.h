/* disc-monitor-channel.h: a channel seen on the network, with its count
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_CHANNEL (disc_monitor_channel_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorChannel, disc_monitor_channel, DISC, MONITOR_CHANNEL, GObject)

DiscMonitorChannel *disc_monitor_channel_new               (const char         *name);
const char         *disc_monitor_channel_get_name          (DiscMonitorChannel *self);
void                disc_monitor_channel_count_message     (DiscMonitorChannel *self);

G_END_DECLS
