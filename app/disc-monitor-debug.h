/* disc-monitor-debug.h: a JSON-lines debug log, for tests and profiling
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

void _disc_monitor_debug_start (DiscMonitorSession *session,
                                GtkWidget          *window);

G_END_DECLS
