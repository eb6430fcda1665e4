/* disc-service-group.h: the nodes that advertise one service name
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

#define DISC_TYPE_SERVICE_GROUP (disc_service_group_get_type ())

G_DECLARE_FINAL_TYPE (DiscServiceGroup, disc_service_group, DISC, SERVICE_GROUP, GObject)

const char *disc_service_group_get_name         (DiscServiceGroup *self);
GListModel *disc_service_group_get_candidates   (DiscServiceGroup *self);
guint       disc_service_group_get_n_candidates (DiscServiceGroup *self);

G_END_DECLS
