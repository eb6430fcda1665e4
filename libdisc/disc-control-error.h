/* disc-control-error.h: why a remote-control request did not succeed
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
 * DISC_CONTROL_ERROR:
 *
 * The error domain of remote control: the target's refusals, and the
 * sender's own failures. Errors in it use the codes of
 * [enum@Disc.ControlError].
 *
 * Since: 0.2
 */
#define DISC_CONTROL_ERROR (disc_control_error_quark ())

/**
 * DiscControlError:
 * @DISC_CONTROL_ERROR_NOT_OPTED_IN: the target answered that it does not
 *   accept remote control ([property@Disc.Discovery:remote-control] is off)
 * @DISC_CONTROL_ERROR_NOT_ELIGIBLE: the target answered that it cannot do
 *   this: a promotion of a node that is not master-eligible (or listens
 *   only), or making eligible a node whose own process made it ineligible
 * @DISC_CONTROL_ERROR_UNKNOWN_REQUEST: the target answered that it does
 *   not know the request (a newer action than it implements)
 * @DISC_CONTROL_ERROR_REFUSED: the target refused for a reason this
 *   version does not know; the message quotes it
 * @DISC_CONTROL_ERROR_TIMEOUT: no answer came within the timeout (the
 *   target is gone, does not hold the key, or the network lost every try)
 * @DISC_CONTROL_ERROR_NOT_AUTHENTICATED: this instance does not use
 *   `aes-256-gcm`, so it never sends a request: control travels only
 *   authenticated
 * @DISC_CONTROL_ERROR_TOO_MANY: too many requests of this instance are
 *   still waiting for their answer
 *
 * Error codes in the %DISC_CONTROL_ERROR domain.
 *
 * Since: 0.2
 */
typedef enum {
  DISC_CONTROL_ERROR_NOT_OPTED_IN,
  DISC_CONTROL_ERROR_NOT_ELIGIBLE,
  DISC_CONTROL_ERROR_UNKNOWN_REQUEST,
  DISC_CONTROL_ERROR_REFUSED,
  DISC_CONTROL_ERROR_TIMEOUT,
  DISC_CONTROL_ERROR_NOT_AUTHENTICATED,
  DISC_CONTROL_ERROR_TOO_MANY,
} DiscControlError;

DISC_AVAILABLE_IN_ALL
GQuark disc_control_error_quark (void);

G_END_DECLS
