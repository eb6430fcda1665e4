/* disc-service-private.h: what DiscServiceDiscovery changes on a DiscService
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-service.h"

G_BEGIN_DECLS

DiscService *_disc_service_new        (const char  *name);
void         _disc_service_add        (DiscService *self,
                                       DiscNode    *node);
gboolean     _disc_service_remove     (DiscService *self,
                                       DiscNode    *node);
void         _disc_service_set_needed (DiscService *self,
                                       gboolean     needed);

G_END_DECLS
