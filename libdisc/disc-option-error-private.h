/* disc-option-error-private.h: setting the conflicting option (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-option-error.h"

G_BEGIN_DECLS

void _disc_option_error_set_conflict (GError          *error,
                                      DiscOptionError  conflict);

G_END_DECLS
