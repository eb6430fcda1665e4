/* disc-monitor-service-group-model.h: nodes grouped by the service they advertise
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-monitor-service-group.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SERVICE_GROUP_MODEL (disc_monitor_service_group_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorServiceGroupModel, disc_monitor_service_group_model, DISC, MONITOR_SERVICE_GROUP_MODEL, GObject)

DiscMonitorServiceGroupModel *disc_monitor_service_group_model_new    (GListModel                   *nodes);
DiscMonitorServiceGroup      *disc_monitor_service_group_model_lookup (DiscMonitorServiceGroupModel *self,
                                                                       const char                   *name);
guint                         disc_monitor_service_group_model_get_n_named (DiscMonitorServiceGroupModel *self);
GListModel                   *disc_monitor_service_group_model_get_model (DiscMonitorServiceGroupModel *self);

G_END_DECLS
