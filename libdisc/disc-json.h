/* disc-json.h: reading JSON text as libdisc's peers read it
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "disc-version.h"

G_BEGIN_DECLS

DISC_AVAILABLE_IN_ALL
JsonNode *disc_json_from_string (const char  *text,
                                 GError     **error);

G_END_DECLS
