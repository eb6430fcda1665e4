/* disc-control-error.c
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-control-error"

#include "config.h"

#include "disc-control-error.h"

/**
 * disc_control_error_quark:
 *
 * Gets the error domain of remote control, %DISC_CONTROL_ERROR. Its codes
 * are those of [error@Disc.ControlError].
 *
 * Returns: the quark of the domain, `disc-control-error-quark`
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (disc-control-error-quark, disc_control_error)
