/* fuzz-frame.c: WRAP blocks and reassembly sequences
 *
 * Records are datagrams pushed to one reassembler with small limits; the
 * first byte of each record also advances the clock (0..255 × 20 ms), so
 * expiry is exercised. Invariants: the pending count and bytes never pass
 * their limits, and every completed message has the length its header said.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-frame.h"
#include "fuzz-common.h"

#define MAX_PENDING 4
#define MAX_PENDING_BYTES 8192

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(DiscReassembler) reassembler = disc_reassembler_new (MAX_PENDING, MAX_PENDING_BYTES, 5000);
  FuzzReader reader = { data, size };
  const uint8_t *record;
  size_t len;
  gint64 now = 0;
  DiscStats stats = { 0 };

  while (fuzz_next_record (&reader, &record, &len))
    {
      g_autoptr(GPtrArray) completed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      if (len > 0)
        now += record[0] * 20;
      disc_reassembler_push (reassembler, record, len, now, completed, &stats);
      FUZZ_CHECK (disc_reassembler_get_pending (reassembler) <= MAX_PENDING);
      FUZZ_CHECK (disc_reassembler_get_pending_bytes (reassembler) <= MAX_PENDING_BYTES);
      for (guint i = 0; i < completed->len; i++)
        {
          gsize got = g_bytes_get_size (completed->pdata[i]);

          FUZZ_CHECK (got > 0 && got <= DISC_FRAME_MAX_MESSAGE);
        }
    }
  disc_reassembler_expire (reassembler, now + 5000, &stats);
  FUZZ_CHECK (disc_reassembler_get_pending (reassembler) == 0);
  FUZZ_CHECK (disc_reassembler_get_pending_bytes (reassembler) == 0);
  return 0;
}
