/* disc-wipe.h: zero secrets in a way the optimiser keeps (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void disc_wipe (gpointer data,
                gsize    len);

G_END_DECLS
