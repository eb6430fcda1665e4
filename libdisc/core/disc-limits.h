/* disc-limits.h: what a node may send, so that every receiver takes it (private)
 *
 * Each check is the sending side of a receiver's limit: libdisc's own
 * (disc-envelope.h, disc-frame.h, disc-codec.h) and those of the npm
 * packages node-discovery 0.2.1 and node-discover 1.2.1. A value that
 * fails one is refused when it is given (start(), advertise(), send()),
 * never sent to peers that would drop it. doc/protocol.md, "Limits",
 * lists them all.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-types.h"

G_BEGIN_DECLS

/* The JSON nesting a value may have inside the envelope (one level) and,
 * for an advertisement, the hello data object (another). */
#define DISC_LIMITS_MAX_DATA_DEPTH (64 - 1)
#define DISC_LIMITS_MAX_INFO_DEPTH (64 - 2)

typedef enum {
  DISC_LIMITS_CLEAR,
  DISC_LIMITS_LEGACY_CIPHER,
  DISC_LIMITS_AEAD,
} DiscLimitsCipher;

gboolean disc_limits_check_host_name (const char        *host_name,
                                      GError           **error);
gboolean disc_limits_check_weight    (double             weight,
                                      GError           **error);
guint    disc_limits_json_depth      (JsonNode          *node);
gboolean disc_limits_check_info      (JsonNode          *info,
                                      GError           **error);
gboolean disc_limits_check_data      (const char        *channel,
                                      JsonNode          *data,
                                      GError           **error);
gsize    disc_limits_max_json        (DiscDialect        dialect,
                                      DiscLimitsCipher   cipher);

G_END_DECLS
