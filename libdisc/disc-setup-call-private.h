/* disc-setup-call-private.h: how DiscServiceDiscovery and its setup calls
 * talk to each other
 *
 * A call holds no reference on its service discovery: the discovery cancels
 * every call still running when it goes away, which clears the pointer.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-service-discovery.h"
#include "disc-setup-call.h"

G_BEGIN_DECLS

DiscSetupCall *_disc_setup_call_new    (DiscServiceDiscovery *owner,
                                        guint64               call_id,
                                        const char           *service_name,
                                        DiscNode             *node);
guint64        _disc_setup_call_get_id (DiscSetupCall        *self);
void           _disc_setup_call_cancel (DiscSetupCall        *self);

/* Implemented by disc-service-discovery.c: @call finished (@error NULL on
 * success), or was dropped unfinished (@error says so). */
void           _disc_service_discovery_complete_call (DiscServiceDiscovery *self,
                                                      DiscSetupCall        *call,
                                                      const GError         *error);

G_END_DECLS
