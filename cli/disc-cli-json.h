/* disc-cli-json.h: JSON values given on the command line
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *disc_cli_parse_json (const char  *text,
                               const char  *what,
                               GError     **error);

G_END_DECLS
