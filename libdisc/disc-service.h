/* disc-service.h: a service and its active candidates
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>

#include "disc-version.h"
#include "disc-node.h"

G_BEGIN_DECLS

#define DISC_TYPE_SERVICE (disc_service_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscService, disc_service, DISC, SERVICE, GObject)

DISC_AVAILABLE_IN_ALL
const char *disc_service_get_name         (DiscService *self);
DISC_AVAILABLE_IN_ALL
GListModel *disc_service_get_candidates   (DiscService *self);
DISC_AVAILABLE_IN_ALL
guint       disc_service_get_n_candidates (DiscService *self);
DISC_AVAILABLE_IN_ALL
gboolean    disc_service_get_needed       (DiscService *self);

G_END_DECLS
