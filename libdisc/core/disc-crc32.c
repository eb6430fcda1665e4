/* disc-crc32.c: the CRC-32 of WRAP frames
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-crc32"

#include "config.h"

#include <zlib.h>

#include "disc-crc32.h"

/* zlib's crc32() is the same CRC (IEEE 802.3, reflected, ~0 in and out)
 * and is table-driven, several times faster than a nibble table: the
 * WRAP frame's CRC is checked on every datagram (doc/benchmarks.md). */
guint32
disc_crc32 (const guint8 *data,
            gsize         len)
{
  uLong crc = crc32 (0L, Z_NULL, 0);

  /* crc32() takes a uInt length; a WRAP message is at most 64 KiB, but
   * stay correct for any length. */
  while (len > 0)
    {
      uInt chunk = (uInt) MIN (len, (gsize) G_MAXUINT32);

      crc = crc32 (crc, data, chunk);
      data += chunk;
      len -= chunk;
    }
  return (guint32) crc;
}
