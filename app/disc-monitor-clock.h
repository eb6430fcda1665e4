/* disc-monitor-clock.h: one shared once-a-second tick for "2 s ago" labels
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_CLOCK (disc_monitor_clock_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorClock, disc_monitor_clock, DISC, MONITOR_CLOCK, GObject)

DiscMonitorClock *disc_monitor_clock_get_default (void);
gint64            disc_monitor_clock_get_now     (DiscMonitorClock *self);
char             *disc_monitor_clock_format_ago  (DiscMonitorClock *self,
                                                  gint64            then_ms);

G_END_DECLS
