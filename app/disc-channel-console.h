/* disc-channel-console.h: join channels, read and send messages
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

#define DISC_TYPE_CHANNEL_CONSOLE (disc_channel_console_get_type ())

G_DECLARE_FINAL_TYPE (DiscChannelConsole, disc_channel_console, DISC, CHANNEL_CONSOLE, GtkWidget)

void disc_channel_console_set_session (DiscChannelConsole *self,
                                       DiscMonitorSession *session);

G_END_DECLS
