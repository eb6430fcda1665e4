/* disc-service-discovery.h: service advertising, needs and setup hooks
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>

#include "disc-version.h"
#include "disc-discovery.h"
#include "disc-service.h"
#include "disc-setup-call.h"

G_BEGIN_DECLS

#define DISC_TYPE_SERVICE_DISCOVERY (disc_service_discovery_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscServiceDiscovery, disc_service_discovery, DISC, SERVICE_DISCOVERY, DiscDiscovery)

/**
 * DiscSetupHook:
 * @self: the service discovery
 * @call: the setup of one candidate: its service name, node and info
 * @user_data: (closure): the data given to [method@Disc.ServiceDiscovery.setup]
 *
 * Sets up a candidate of a service before it becomes active, for example
 * by connecting to the database it advertises. The hook completes @call
 * with [method@Disc.SetupCall.return_success] or
 * [method@Disc.SetupCall.return_error], either before it returns or later:
 * to complete it later, keep a reference to @call.
 */
typedef void (*DiscSetupHook) (DiscServiceDiscovery *self,
                               DiscSetupCall        *call,
                               gpointer              user_data);

DISC_AVAILABLE_IN_ALL
DiscServiceDiscovery *disc_service_discovery_new            (void);
DISC_AVAILABLE_IN_ALL
void                  disc_service_discovery_need           (DiscServiceDiscovery *self,
                                                             const char           *name);
DISC_AVAILABLE_IN_ALL
void                  disc_service_discovery_needv          (DiscServiceDiscovery *self,
                                                             const char * const   *names);
DISC_AVAILABLE_IN_ALL
void                  disc_service_discovery_setup          (DiscServiceDiscovery *self,
                                                             const char           *name,
                                                             DiscSetupHook         hook,
                                                             gpointer              user_data,
                                                             GDestroyNotify        destroy);
DISC_AVAILABLE_IN_ALL
gboolean              disc_service_discovery_is_needed      (DiscServiceDiscovery *self,
                                                             const char           *name);
DISC_AVAILABLE_IN_ALL
gboolean              disc_service_discovery_is_ready       (DiscServiceDiscovery *self);
DISC_AVAILABLE_IN_ALL
GListModel           *disc_service_discovery_get_services   (DiscServiceDiscovery *self);
DISC_AVAILABLE_IN_ALL
DiscService          *disc_service_discovery_lookup_service (DiscServiceDiscovery *self,
                                                             const char           *name);

G_END_DECLS
