/* disc-setup-call.h: one run of a service setup hook
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "disc-version.h"
#include "disc-node.h"

G_BEGIN_DECLS

#define DISC_TYPE_SETUP_CALL (disc_setup_call_get_type ())

DISC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DiscSetupCall, disc_setup_call, DISC, SETUP_CALL, GObject)

DISC_AVAILABLE_IN_ALL
const char   *disc_setup_call_get_service_name       (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
DiscNode     *disc_setup_call_get_node               (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
JsonNode     *disc_setup_call_get_info               (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
char         *disc_setup_call_dup_info_json          (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
GCancellable *disc_setup_call_get_cancellable        (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
gboolean      disc_setup_call_is_completed           (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
void          disc_setup_call_return_success         (DiscSetupCall *self);
DISC_AVAILABLE_IN_ALL
void          disc_setup_call_return_error           (DiscSetupCall *self,
                                                      const GError  *error);
DISC_AVAILABLE_IN_ALL
void          disc_setup_call_take_error             (DiscSetupCall *self,
                                                      GError        *error);
DISC_AVAILABLE_IN_ALL
void          disc_setup_call_return_error_literal   (DiscSetupCall *self,
                                                      GQuark         domain,
                                                      int            code,
                                                      const char    *message);

G_END_DECLS
