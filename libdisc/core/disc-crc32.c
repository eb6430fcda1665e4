/* disc-crc32.c
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "disc-crc32.h"

/* A 16-entry (nibble) table: constant data with no initialisation, and
 * fast enough for hellos of a few hundred bytes (see bench/). */
static const guint32 crc_nibble_table[16] = {
  0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
  0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
  0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
  0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

guint32
disc_crc32 (const guint8 *data,
            gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      crc = (crc >> 4) ^ crc_nibble_table[crc & 0x0f];
      crc = (crc >> 4) ^ crc_nibble_table[crc & 0x0f];
    }
  return crc ^ 0xffffffff;
}
