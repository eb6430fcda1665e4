/* disc-monitor-event-list.h: what happened on the network, as a list model
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>
#include <disc.h>

#include "disc-monitor-event.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_EVENT_LIST (disc_monitor_event_list_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorEventList, disc_monitor_event_list, DISC, MONITOR_EVENT_LIST, GObject)

DiscMonitorEventList *disc_monitor_event_list_new         (DiscDiscovery        *discovery,
                                                           guint                 max_events);
void                  disc_monitor_event_list_add         (DiscMonitorEventList *self,
                                                           DiscMonitorEvent     *event);
void                  disc_monitor_event_list_flush       (DiscMonitorEventList *self);
GListModel           *disc_monitor_event_list_get_model   (DiscMonitorEventList *self);
char                 *disc_monitor_describe_node          (DiscNode             *node);
const char           *disc_monitor_describe_drop_reason   (DiscDropReason        reason);
const char           *disc_monitor_describe_control_action (DiscControlAction    action);
char                 *disc_monitor_describe_control_request (DiscDiscovery       *discovery,
                                                            const char          *sender_id,
                                                            const char          *sender_address,
                                                            DiscControlAction    action,
                                                            gboolean             accepted);

G_END_DECLS
