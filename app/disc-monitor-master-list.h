/* disc-monitor-master-list.h: the nodes that are master now, as a list model
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_MASTER_LIST (disc_monitor_master_list_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorMasterList, disc_monitor_master_list, DISC, MONITOR_MASTER_LIST, GObject)

DiscMonitorMasterList *disc_monitor_master_list_new       (GListModel            *nodes);
GListModel            *disc_monitor_master_list_get_model (DiscMonitorMasterList *self);

G_END_DECLS
