/* disc-service-group-model.h: nodes grouped by the service they advertise
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-service-group.h"

G_BEGIN_DECLS

#define DISC_TYPE_SERVICE_GROUP_MODEL (disc_service_group_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscServiceGroupModel, disc_service_group_model, DISC, SERVICE_GROUP_MODEL, GObject)

DiscServiceGroupModel *disc_service_group_model_new    (GListModel            *nodes);
DiscServiceGroup      *disc_service_group_model_lookup (DiscServiceGroupModel *self,
                                                        const char            *name);
const char            *disc_service_name_of_node       (DiscNode              *node);

G_END_DECLS
