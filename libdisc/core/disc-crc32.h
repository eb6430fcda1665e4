/* disc-crc32.h: CRC-32 (IEEE 802.3, as zlib and buffer-crc32) (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint32 disc_crc32 (const guint8 *data,
                    gsize         len);

G_END_DECLS
