/* test-vectors.h: reading tests/vectors/vectors.json in the unit tests
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-envelope.h"

G_BEGIN_DECLS

/* The parsed vectors.json, after load_vectors (); the test unrefs it. */
extern JsonNode *vectors;

void        load_vectors       (void);
JsonArray  *vector_array       (const char *name);
JsonObject *find_message       (const char *name);
GBytes     *hex_bytes          (const char *hex);
GBytes     *member_bytes       (JsonObject *object,
                                const char *member);
GPtrArray  *message_datagrams  (JsonObject *message);
DiscDialect message_dialect    (JsonObject *message);

G_END_DECLS
