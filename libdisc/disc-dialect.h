/* disc-dialect.h: which packets a node sends
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * DiscDialect:
 * @DISC_DIALECT_WRAP: node-discovery 0.2's framed packets (protocol.md,
 *   "Frames"): messages of up to 64 KiB over several datagrams
 * @DISC_DIALECT_PLAIN: node-discover 1.x's bare JSON (protocol.md,
 *   "The plain dialect"): one datagram per message
 *
 * What a node sends, see [property@Disc.Discovery:dialect]. Both are
 * always understood on receipt.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_DIALECT_WRAP,
  DISC_DIALECT_PLAIN,
} DiscDialect;

G_END_DECLS
