/* disc-monitor-remote-lans-model.h: every LAN's nodes, read from etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-monitor-remote-node.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_REMOTE_LANS_MODEL (disc_monitor_remote_lans_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorRemoteLansModel, disc_monitor_remote_lans_model, DISC, MONITOR_REMOTE_LANS_MODEL, GObject)

#if DISC_HAS_ETCD
DiscMonitorRemoteLansModel *disc_monitor_remote_lans_model_new (DiscEtcdClient *client,
                                                                const char     *cluster);
#endif
GListModel *disc_monitor_remote_lans_model_get_model   (DiscMonitorRemoteLansModel *self);
const char *disc_monitor_remote_lans_model_get_cluster (DiscMonitorRemoteLansModel *self);
guint       disc_monitor_remote_lans_model_get_n_lans  (DiscMonitorRemoteLansModel *self);
const char *disc_monitor_remote_lans_model_get_error   (DiscMonitorRemoteLansModel *self);
void        disc_monitor_remote_lans_model_stop        (DiscMonitorRemoteLansModel *self);

G_END_DECLS
