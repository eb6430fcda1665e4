/* disc-option-error.h: which option of a node is wrong, and why
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(DISC_INSIDE) && !defined(DISC_COMPILATION)
# error "Only <disc.h> can be included directly."
#endif

#include <glib.h>

#include "disc-version.h"

G_BEGIN_DECLS

/**
 * DISC_OPTION_ERROR:
 *
 * The error domain of invalid options: the code is a [enum@Disc.OptionError]
 * that names the property at fault.
 *
 * Since: 0.2
 */
#define DISC_OPTION_ERROR (disc_option_error_quark ())

/**
 * DiscOptionError:
 * @DISC_OPTION_ERROR_HELLO_INTERVAL: [property@Disc.Discovery:hello-interval]
 * @DISC_OPTION_ERROR_CHECK_INTERVAL: [property@Disc.Discovery:check-interval]
 * @DISC_OPTION_ERROR_NODE_TIMEOUT: [property@Disc.Discovery:node-timeout]
 * @DISC_OPTION_ERROR_MASTER_TIMEOUT: [property@Disc.Discovery:master-timeout]
 * @DISC_OPTION_ERROR_MASTERS_REQUIRED: [property@Disc.Discovery:masters-required]
 * @DISC_OPTION_ERROR_WEIGHT: [property@Disc.Discovery:weight]
 * @DISC_OPTION_ERROR_ADDRESS: [property@Disc.Discovery:address]
 * @DISC_OPTION_ERROR_PORT: [property@Disc.Discovery:port]
 * @DISC_OPTION_ERROR_BROADCAST: [property@Disc.Discovery:broadcast]
 * @DISC_OPTION_ERROR_MULTICAST: [property@Disc.Discovery:multicast]
 * @DISC_OPTION_ERROR_MULTICAST_TTL: [property@Disc.Discovery:multicast-ttl]
 * @DISC_OPTION_ERROR_ALGORITHM: [property@Disc.Discovery:algorithm]
 * @DISC_OPTION_ERROR_KEY: [property@Disc.Discovery:key], or a key given to
 *   [method@Disc.Discovery.add_key] and its siblings
 * @DISC_OPTION_ERROR_IGNORE: [property@Disc.Discovery:ignore]
 * @DISC_OPTION_ERROR_UNICAST: [property@Disc.Discovery:unicast]
 * @DISC_OPTION_ERROR_REUSE_ADDRESS: [property@Disc.Discovery:reuse-address]
 * @DISC_OPTION_ERROR_HOST_NAME: [property@Disc.Discovery:host-name]
 * @DISC_OPTION_ERROR_DIALECT: [property@Disc.Discovery:dialect]
 * @DISC_OPTION_ERROR_MAX_NODES: [property@Disc.Discovery:max-nodes]
 * @DISC_OPTION_ERROR_LISTEN_ONLY: [property@Disc.Discovery:listen-only]
 * @DISC_OPTION_ERROR_NEW_NODE_RATE: [property@Disc.Discovery:new-node-rate]
 * @DISC_OPTION_ERROR_REMOTE_CONTROL: [property@Disc.Discovery:remote-control]
 *
 * Which option of a [class@Disc.Discovery] is invalid. Each value's nick is
 * the name of the property at fault, so a caller in any language can point
 * at the right field or flag without reading the message: in C with
 * [func@Disc.OptionError.get_property_name]; from Python with
 * `Disc.OptionError(error.code).value_nick`.
 *
 * When the option is wrong only together with another one (node-timeout
 * shorter than check-interval, broadcast and multicast both set), the code
 * names the first and [func@Disc.OptionError.get_conflict] the other.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_OPTION_ERROR_HELLO_INTERVAL,
  DISC_OPTION_ERROR_CHECK_INTERVAL,
  DISC_OPTION_ERROR_NODE_TIMEOUT,
  DISC_OPTION_ERROR_MASTER_TIMEOUT,
  DISC_OPTION_ERROR_MASTERS_REQUIRED,
  DISC_OPTION_ERROR_WEIGHT,
  DISC_OPTION_ERROR_ADDRESS,
  DISC_OPTION_ERROR_PORT,
  DISC_OPTION_ERROR_BROADCAST,
  DISC_OPTION_ERROR_MULTICAST,
  DISC_OPTION_ERROR_MULTICAST_TTL,
  DISC_OPTION_ERROR_ALGORITHM,
  DISC_OPTION_ERROR_KEY,
  DISC_OPTION_ERROR_IGNORE,
  DISC_OPTION_ERROR_UNICAST,
  DISC_OPTION_ERROR_REUSE_ADDRESS,
  DISC_OPTION_ERROR_HOST_NAME,
  DISC_OPTION_ERROR_DIALECT,
  DISC_OPTION_ERROR_MAX_NODES,
  DISC_OPTION_ERROR_LISTEN_ONLY,
  DISC_OPTION_ERROR_NEW_NODE_RATE,
  DISC_OPTION_ERROR_REMOTE_CONTROL,
} DiscOptionError;

DISC_AVAILABLE_IN_ALL
GQuark      disc_option_error_quark             (void);
DISC_AVAILABLE_IN_ALL
const char *disc_option_error_get_property_name (const GError *error);
DISC_AVAILABLE_IN_ALL
const char *disc_option_error_get_conflict      (const GError *error);

G_END_DECLS
