/* disc-error.c
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-error"

#include "config.h"

#include "disc-error.h"

/**
 * disc_error_quark:
 *
 * Gets the error domain of libdisc, %DISC_ERROR. Its codes are those of
 * [error@Disc.Error]; in languages with introspection the domain is
 * `Disc.Error` (Python: `Disc.error_quark()`, gjs: `Disc.Error`).
 *
 * Returns: the quark of the libdisc error domain, `disc-error-quark`
 */
G_DEFINE_QUARK (disc-error-quark, disc_error)
