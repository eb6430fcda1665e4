/* disc-service-group-private.h: what the group model changes on a group
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-service-group.h"

G_BEGIN_DECLS

DiscServiceGroup *_disc_service_group_new    (const char       *name);
void              _disc_service_group_add    (DiscServiceGroup *self,
                                              DiscNode         *node);
gboolean          _disc_service_group_remove (DiscServiceGroup *self,
                                              DiscNode         *node);

G_END_DECLS
