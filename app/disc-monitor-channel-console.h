/* disc-monitor-channel-console.h: join channels, read and send messages
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_CHANNEL_CONSOLE (disc_monitor_channel_console_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorChannelConsole, disc_monitor_channel_console, DISC, MONITOR_CHANNEL_CONSOLE, GtkWidget)

void disc_monitor_channel_console_bind_session (DiscMonitorChannelConsole *self,
                                                DiscMonitorSession        *session);

G_END_DECLS
