/* disc-monitor-service-group.h: the nodes that advertise one service name
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SERVICE_GROUP (disc_monitor_service_group_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorServiceGroup, disc_monitor_service_group, DISC, MONITOR_SERVICE_GROUP, GObject)

const char *disc_monitor_service_group_get_name         (DiscMonitorServiceGroup *self);
GListModel *disc_monitor_service_group_get_candidates   (DiscMonitorServiceGroup *self);
guint       disc_monitor_service_group_get_n_candidates (DiscMonitorServiceGroup *self);

G_END_DECLS
