/* disc-error.h: the libdisc error domain
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
 * DISC_ERROR:
 *
 * The error domain of libdisc. Errors in it use the codes of [enum@Disc.Error].
 */
#define DISC_ERROR (disc_error_quark ())

/**
 * DiscError:
 * @DISC_ERROR_ADDRESS_IN_USE: the port is taken by a socket that does not
 *   share it
 * @DISC_ERROR_NETWORK: the socket could not be set up or used
 * @DISC_ERROR_RESERVED_CHANNEL: the channel name is reserved by the protocol
 *   (`hello`, `goodbye`, `added`, `removed`, `master`, `promotion`, `demotion`)
 * @DISC_ERROR_INVALID_CHANNEL: the channel name is empty, too long, not UTF-8
 *   or has control characters
 * @DISC_ERROR_MESSAGE_TOO_LARGE: the encoded message would exceed the
 *   protocol's 64 KiB limit
 * @DISC_ERROR_NOT_RUNNING: the instance has not been started
 * @DISC_ERROR_BAD_PACKET: a received datagram was rejected (only reported
 *   when [property@Disc.Discovery:ignore-data-errors] is %FALSE)
 * @DISC_ERROR_INVALID_INFO: an advertisement was refused (for example a
 *   service advertisement without a `name`, or one that nests deeper or
 *   makes a hello larger than peers read)
 * @DISC_ERROR_INVALID_DATA: a message was refused because peers would drop
 *   it or not deliver it: it nests deeper than they read, or it is not
 *   truthy in JavaScript (absent, null, false, 0, ""). Since: 0.2
 * @DISC_ERROR_ADDRESS_SHARED: the port is shared by other processes, and
 *   this instance does not share it
 *   ([property@Disc.Discovery:reuse-address] is %FALSE). Since: 0.2
 * @DISC_ERROR_INVALID_JSON: JSON text was refused by
 *   [func@Disc.json_from_string]: it is not JSON as `JSON.parse` reads it,
 *   or libdisc peers would drop it. Since: 0.2
 *
 * Error codes in the %DISC_ERROR domain. An invalid option is not one of
 * them: since 0.2 it is reported in the %DISC_OPTION_ERROR domain, whose
 * code names the property at fault.
 */
typedef enum {
  DISC_ERROR_ADDRESS_IN_USE,
  DISC_ERROR_NETWORK,
  DISC_ERROR_RESERVED_CHANNEL,
  DISC_ERROR_INVALID_CHANNEL,
  DISC_ERROR_MESSAGE_TOO_LARGE,
  DISC_ERROR_NOT_RUNNING,
  DISC_ERROR_BAD_PACKET,
  DISC_ERROR_INVALID_INFO,
  DISC_ERROR_INVALID_DATA,
  DISC_ERROR_ADDRESS_SHARED,
  DISC_ERROR_INVALID_JSON,
} DiscError;

DISC_AVAILABLE_IN_ALL
GQuark disc_error_quark (void);

G_END_DECLS
