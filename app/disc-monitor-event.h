/* disc-monitor-event.h: one entry of the monitor's event log
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>
#include <disc.h>

G_BEGIN_DECLS

/**
 * DiscMonitorEventKind:
 * @DISC_MONITOR_EVENT_ADDED: a node appeared
 * @DISC_MONITOR_EVENT_REMOVED: a node left (said goodbye, timed out, or the
 *   monitor stopped)
 * @DISC_MONITOR_EVENT_MASTER: a node became master
 * @DISC_MONITOR_EVENT_PROMOTION: this monitor became master
 * @DISC_MONITOR_EVENT_DEMOTION: this monitor stopped being master
 * @DISC_MONITOR_EVENT_DROP: received packets began to be dropped
 * @DISC_MONITOR_EVENT_ERROR: the monitor's node failed to start or send
 * @DISC_MONITOR_EVENT_CONTROL: a remote-control request: another node's
 *   to this monitor, or the answer to one of this monitor's
 *
 * What an event log entry is about; the log's filter picks among them.
 */
typedef enum {
  DISC_MONITOR_EVENT_ADDED,
  DISC_MONITOR_EVENT_REMOVED,
  DISC_MONITOR_EVENT_MASTER,
  DISC_MONITOR_EVENT_PROMOTION,
  DISC_MONITOR_EVENT_DEMOTION,
  DISC_MONITOR_EVENT_DROP,
  DISC_MONITOR_EVENT_ERROR,
  DISC_MONITOR_EVENT_CONTROL,
} DiscMonitorEventKind;

#define DISC_TYPE_MONITOR_EVENT_KIND (disc_monitor_event_kind_get_type ())
GType disc_monitor_event_kind_get_type (void) G_GNUC_CONST;

#define DISC_TYPE_MONITOR_EVENT (disc_monitor_event_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorEvent, disc_monitor_event, DISC, MONITOR_EVENT, GObject)

DiscMonitorEvent     *disc_monitor_event_new          (DiscMonitorEventKind  kind,
                                                       const char           *text,
                                                       DiscNode             *node);
DiscMonitorEventKind  disc_monitor_event_get_kind     (DiscMonitorEvent     *self);
gint64                disc_monitor_event_get_time     (DiscMonitorEvent     *self);
const char           *disc_monitor_event_get_text     (DiscMonitorEvent     *self);
char                 *disc_monitor_event_dup_node_json (DiscMonitorEvent    *self);
const char           *disc_monitor_event_get_search_text (DiscMonitorEvent  *self);
const char           *disc_monitor_event_kind_to_label (DiscMonitorEventKind kind);

G_END_DECLS
