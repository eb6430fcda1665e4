/* disc-remote-lans-model.h: every LAN's nodes, read from etcd
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-remote-node.h"

G_BEGIN_DECLS

#define DISC_TYPE_REMOTE_LANS_MODEL (disc_remote_lans_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscRemoteLansModel, disc_remote_lans_model, DISC, REMOTE_LANS_MODEL, GObject)

#if DISC_HAS_ETCD
DiscRemoteLansModel *disc_remote_lans_model_new        (DiscEtcdClient      *client,
                                                        const char          *cluster);
#endif
const char          *disc_remote_lans_model_get_cluster (DiscRemoteLansModel *self);
guint                disc_remote_lans_model_get_n_lans (DiscRemoteLansModel *self);
const char          *disc_remote_lans_model_get_error  (DiscRemoteLansModel *self);
void                 disc_remote_lans_model_stop       (DiscRemoteLansModel *self);

G_END_DECLS
