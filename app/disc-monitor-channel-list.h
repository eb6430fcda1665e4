/* disc-monitor-channel-list.h: the channels heard on the network
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>
#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_CHANNEL_LIST (disc_monitor_channel_list_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorChannelList, disc_monitor_channel_list, DISC, MONITOR_CHANNEL_LIST, GtkWidget)

void disc_monitor_channel_list_set_discovery (DiscMonitorChannelList *self,
                                              DiscDiscovery          *discovery);

G_END_DECLS
