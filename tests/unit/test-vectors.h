/* test-vectors.h: reading tests/vectors/vectors.json in the unit tests, and checking
 * what the core makes of them
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-envelope.h"
#include "disc-stats.h"

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

void        assert_envelope_is (const DiscEnvelope *envelope,
                                JsonObject         *object);
void        assert_only_drop   (const DiscStats    *stats,
                                DiscDropReason      reason,
                                guint64             count);

G_END_DECLS
