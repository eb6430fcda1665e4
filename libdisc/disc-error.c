/* disc-error.c
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "disc-error.h"

G_DEFINE_QUARK (disc-error-quark, disc_error)
