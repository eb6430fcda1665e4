/* disc-monitor-service-group-private.h: what the group model changes on a group
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-monitor-service-group.h"

G_BEGIN_DECLS

DiscMonitorServiceGroup *_disc_monitor_service_group_new    (const char              *name);
void                     _disc_monitor_service_group_add    (DiscMonitorServiceGroup *self,
                                                             DiscNode                *node);
gboolean                 _disc_monitor_service_group_remove (DiscMonitorServiceGroup *self,
                                                             DiscNode                *node);

G_END_DECLS
