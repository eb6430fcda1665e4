/* disc-frame.c: WRAP frames as node-discovery 0.2.1 writes them
 *
 * Each datagram is one block: a 28-byte message header ("WRAP", a 16-byte
 * message id, the CRC-32 of the whole payload as a signed big-endian int32,
 * the payload's total length as uint32 BE), then the block's own length
 * (header included) and the offset of its data, both uint32 BE, then data.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-frame"

#include "config.h"

#include <string.h>

#include "disc-crc32.h"
#include "disc-frame.h"

static inline void
write_u32_be (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static inline guint32
read_u32_be (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

GPtrArray *
disc_frame_wrap (const guint8 *payload,
                 gsize         len,
                 const guint8  id[DISC_FRAME_ID_SIZE],
                 gsize         block_size)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize chunk = block_size - DISC_FRAME_HEADER_SIZE;
  guint32 crc = disc_crc32 (payload, len);

  g_return_val_if_fail (block_size > DISC_FRAME_HEADER_SIZE, blocks);
  g_return_val_if_fail (len > 0 && len <= G_MAXUINT32, blocks);

  /* The seed computes the last block's size as len % chunk, which is 0
   * when len is a multiple of chunk and loses the tail; we send it whole. */
  for (gsize offset = 0; offset < len; offset += chunk)
    {
      gsize data_len = MIN (chunk, len - offset);
      guint8 *block = g_malloc (DISC_FRAME_HEADER_SIZE + data_len);

      memcpy (block, DISC_FRAME_MAGIC, 4);
      memcpy (block + 4, id, DISC_FRAME_ID_SIZE);
      write_u32_be (block + 20, crc);
      write_u32_be (block + 24, len);
      write_u32_be (block + 28, DISC_FRAME_HEADER_SIZE + data_len);
      write_u32_be (block + 32, offset);
      memcpy (block + DISC_FRAME_HEADER_SIZE, payload + offset, data_len);
      g_ptr_array_add (blocks, g_bytes_new_take (block, DISC_FRAME_HEADER_SIZE + data_len));
    }
  return blocks;
}

/* A partial message. Received ranges are kept sorted; a message of at most
 * 64 KiB in blocks of at least one byte could have many ranges, but ranges
 * that touch are merged, so in-order or out-of-order delivery of the
 * seed's 1464-byte blocks keeps the array short. */
typedef struct
{
  guint8   id[DISC_FRAME_ID_SIZE];
  guint32  crc;
  guint32  total;
  guint32  received;
  gint64   started_ms;
  guint8  *buffer;
  GArray  *ranges;  /* of Range, sorted, disjoint, not touching */
  GList   *age_link;
} Partial;

typedef struct
{
  guint32 start;
  guint32 end;
} Range;

struct _DiscReassembler
{
  GHashTable *partials;   /* id bytes -> Partial */
  GQueue      by_age;     /* of Partial, oldest first */
  guint       max_pending;
  gsize       max_pending_bytes;
  gsize       pending_bytes;
  gint64      timeout_ms;
};

static guint
id_hash (gconstpointer key)
{
  guint h;

  memcpy (&h, key, sizeof h);  /* ids are random: any four bytes hash well */
  return h;
}

static gboolean
id_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, DISC_FRAME_ID_SIZE) == 0;
}

static void
partial_free (Partial *partial)
{
  g_free (partial->buffer);
  g_array_unref (partial->ranges);
  g_free (partial);
}

DiscReassembler *
disc_reassembler_new (guint  max_pending,
                      gsize  max_pending_bytes,
                      gint64 timeout_ms)
{
  DiscReassembler *self = g_new0 (DiscReassembler, 1);

  self->partials = g_hash_table_new_full (id_hash, id_equal, NULL, (GDestroyNotify) partial_free);
  g_queue_init (&self->by_age);
  self->max_pending = max_pending;
  self->max_pending_bytes = max_pending_bytes;
  self->timeout_ms = timeout_ms;
  return self;
}

void
disc_reassembler_free (DiscReassembler *self)
{
  if (self == NULL)
    return;
  g_queue_clear (&self->by_age);
  g_hash_table_unref (self->partials);
  g_free (self);
}

static void
remove_partial (DiscReassembler *self,
                Partial         *partial)
{
  self->pending_bytes -= partial->total;
  g_queue_delete_link (&self->by_age, partial->age_link);
  g_hash_table_remove (self->partials, partial->id);
}

void
disc_reassembler_expire (DiscReassembler *self,
                         gint64           now_ms,
                         DiscStats       *stats)
{
  Partial *oldest;

  while ((oldest = g_queue_peek_head (&self->by_age)) != NULL &&
         now_ms - oldest->started_ms >= self->timeout_ms)
    {
      stats->drops[DISC_DROP_REASSEMBLY_TIMEOUT]++;
      remove_partial (self, oldest);
    }
}

/* Adds [start, end) to the sorted ranges; FALSE if it overlaps one. */
static gboolean
add_range (GArray  *ranges,
           guint32  start,
           guint32  end)
{
  guint i = 0;

  while (i < ranges->len && g_array_index (ranges, Range, i).end < start)
    i++;
  /* ranges[i] is the first that ends at or after start */
  if (i < ranges->len)
    {
      Range *next = &g_array_index (ranges, Range, i);

      if (next->start < end && start < next->end)
        return FALSE;
      if (next->end == start)
        {
          /* touches on the left; may also touch the following one. Check
           * for an overlap with that one before changing anything: a
           * refused block must leave the ranges as they were. */
          Range *after = i + 1 < ranges->len ? &g_array_index (ranges, Range, i + 1) : NULL;

          if (after != NULL && after->start < end)
            return FALSE;
          next->end = end;
          if (after != NULL && after->start == end)
            {
              next->end = after->end;
              g_array_remove_index (ranges, i + 1);
            }
          return TRUE;
        }
      if (next->start == end)
        {
          next->start = start;
          return TRUE;
        }
    }
  g_array_insert_val (ranges, i, ((Range) { start, end }));
  return TRUE;
}

static void
complete (const guint8 *payload,
          guint32       len,
          guint32       crc,
          GPtrArray    *completed,
          DiscStats    *stats)
{
  if (disc_crc32 (payload, len) != crc)
    {
      stats->drops[DISC_DROP_CHECKSUM]++;
      return;
    }
  g_ptr_array_add (completed, g_bytes_new (payload, len));
}

static void
push_block (DiscReassembler *self,
            const guint8    *block,
            guint32          block_len,
            gint64           now_ms,
            GPtrArray       *completed,
            DiscStats       *stats)
{
  const guint8 *id = block + 4;
  guint32 crc = read_u32_be (block + 20);
  guint32 total = read_u32_be (block + 24);
  guint32 offset = read_u32_be (block + 32);
  guint32 data_len = block_len - DISC_FRAME_HEADER_SIZE;
  const guint8 *data = block + DISC_FRAME_HEADER_SIZE;
  Partial *partial;

  if (total > DISC_FRAME_MAX_MESSAGE)
    {
      stats->drops[DISC_DROP_OVERSIZED]++;
      return;
    }
  if (total == 0 || offset >= total || data_len > total - offset)
    {
      stats->drops[DISC_DROP_MALFORMED_FRAME]++;
      return;
    }

  partial = g_hash_table_lookup (self->partials, id);

  /* The common case: a message in one block needs no state at all. */
  if (partial == NULL && offset == 0 && data_len == total)
    {
      complete (data, total, crc, completed, stats);
      return;
    }

  if (partial == NULL)
    {
      if (total > self->max_pending_bytes)
        {
          stats->drops[DISC_DROP_REASSEMBLY_LIMIT]++;
          return;
        }
      /* Make room by evicting the oldest partial messages. */
      while (g_queue_get_length (&self->by_age) >= self->max_pending ||
             self->pending_bytes + total > self->max_pending_bytes)
        {
          stats->drops[DISC_DROP_REASSEMBLY_LIMIT]++;
          remove_partial (self, g_queue_peek_head (&self->by_age));
        }

      partial = g_new0 (Partial, 1);
      memcpy (partial->id, id, DISC_FRAME_ID_SIZE);
      partial->crc = crc;
      partial->total = total;
      partial->started_ms = now_ms;
      partial->buffer = g_malloc (total);
      partial->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
      g_queue_push_tail (&self->by_age, partial);
      partial->age_link = self->by_age.tail;
      self->pending_bytes += total;
      g_hash_table_insert (self->partials, partial->id, partial);
    }
  else if (partial->crc != crc || partial->total != total)
    {
      stats->drops[DISC_DROP_DUPLICATE_BLOCK]++;
      return;
    }

  if (!add_range (partial->ranges, offset, offset + data_len))
    {
      stats->drops[DISC_DROP_DUPLICATE_BLOCK]++;
      return;
    }
  memcpy (partial->buffer + offset, data, data_len);
  partial->received += data_len;

  if (partial->received == partial->total)
    {
      complete (partial->buffer, partial->total, partial->crc, completed, stats);
      remove_partial (self, partial);
    }
}

void
disc_reassembler_push (DiscReassembler *self,
                       const guint8    *datagram,
                       gsize            len,
                       gint64           now_ms,
                       GPtrArray       *completed,
                       DiscStats       *stats)
{
  disc_reassembler_expire (self, now_ms, stats);

  if (len > DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE)
    {
      stats->drops[DISC_DROP_OVERSIZED]++;
      return;
    }

  /* The seed's reader accepts several blocks back to back in one datagram,
   * so we do too; each must be a whole block. */
  while (len > 0)
    {
      guint32 block_len;

      if (len <= DISC_FRAME_HEADER_SIZE || memcmp (datagram, DISC_FRAME_MAGIC, 4) != 0)
        {
          stats->drops[DISC_DROP_MALFORMED_FRAME]++;
          return;
        }
      block_len = read_u32_be (datagram + 28);
      if (block_len <= DISC_FRAME_HEADER_SIZE || block_len > len)
        {
          stats->drops[DISC_DROP_MALFORMED_FRAME]++;
          return;
        }
      push_block (self, datagram, block_len, now_ms, completed, stats);
      datagram += block_len;
      len -= block_len;
    }
}

/* Whether @datagram is exactly one WRAP block holding a whole message
 * (offset 0, all of it) whose id no partial message waits for: a block
 * that push() would complete at once, without state. */
gboolean
disc_reassembler_is_whole_block (DiscReassembler *self,
                                 const guint8    *datagram,
                                 gsize            len)
{
  if (len <= DISC_FRAME_HEADER_SIZE || memcmp (datagram, DISC_FRAME_MAGIC, 4) != 0 ||
      read_u32_be (datagram + 28) != len ||
      read_u32_be (datagram + 24) != len - DISC_FRAME_HEADER_SIZE ||
      read_u32_be (datagram + 32) != 0)
    return FALSE;
  return g_hash_table_size (self->partials) == 0 ||
         g_hash_table_lookup (self->partials, datagram + 4) == NULL;
}

guint
disc_reassembler_get_pending (DiscReassembler *self)
{
  return g_queue_get_length (&self->by_age);
}

gsize
disc_reassembler_get_pending_bytes (DiscReassembler *self)
{
  return self->pending_bytes;
}
