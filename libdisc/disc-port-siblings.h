/* disc-port-siblings.h: does another socket of this host share a UDP port? (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean disc_port_has_siblings (guint16 port);

G_END_DECLS
