/* test-frame.c: WRAP framing and reassembly against node-discovery 0.2.1's bytes
 *
 * The golden datagrams come from tests/vectors/vectors.json, which
 * tests/vectors/make-vectors.js makes with the npm package itself.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-vectors.h"

#include "disc-crc32.h"
#include "disc-frame.h"
#include "disc-stats.h"

#define CHUNK (DISC_FRAME_BLOCK_SIZE - DISC_FRAME_HEADER_SIZE)  /* 1464 */

/* --- vectors.json ------------------------------------------------------- */


/* The message's datagrams, as GBytes */
/* --- helpers --------------------------------------------------------------- */

static void
write_u32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static guint32
read_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
fill_id (guint8 id[DISC_FRAME_ID_SIZE], guint n)
{
  for (guint i = 0; i < DISC_FRAME_ID_SIZE; i++)
    id[i] = (guint8) (n * 31 + i * 13 + 5);
}

static guint8 *
make_payload (gsize len, guint seed)
{
  guint8 *p = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    p[i] = (guint8) ((i * 2654435761u + seed * 40503u) >> 7);
  return p;
}

/* A hand-made block: header fields as given, block length field
 * `block_len` (0 = the honest 36 + data_len). */
static GBytes *
make_block (const guint8 id[DISC_FRAME_ID_SIZE],
            guint32      crc,
            guint32      total,
            guint32      block_len,
            guint32      offset,
            const guint8 *data,
            gsize         data_len)
{
  guint8 *b = g_malloc (DISC_FRAME_HEADER_SIZE + data_len);

  memcpy (b, "WRAP", 4);
  memcpy (b + 4, id, DISC_FRAME_ID_SIZE);
  write_u32 (b + 20, crc);
  write_u32 (b + 24, total);
  write_u32 (b + 28, block_len ? block_len : DISC_FRAME_HEADER_SIZE + data_len);
  write_u32 (b + 32, offset);
  if (data_len > 0)
    memcpy (b + DISC_FRAME_HEADER_SIZE, data, data_len);
  return g_bytes_new_take (b, DISC_FRAME_HEADER_SIZE + data_len);
}

typedef struct
{
  DiscReassembler *r;
  DiscStats        stats;
  GPtrArray       *completed;
} Rx;

static void
rx_init (Rx *rx, guint max_pending, gsize max_bytes)
{
  memset (rx, 0, sizeof *rx);
  rx->r = disc_reassembler_new (max_pending, max_bytes, DISC_FRAME_TIMEOUT_MS);
  rx->completed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static void
rx_clear (Rx *rx)
{
  disc_reassembler_free (rx->r);
  g_ptr_array_unref (rx->completed);
}

static void
rx_push (Rx *rx, GBytes *datagram, gint64 now_ms)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (datagram, &len);

  disc_reassembler_push (rx->r, data, len, now_ms, rx->completed, &rx->stats);
}

static void
rx_push_raw (Rx *rx, const guint8 *data, gsize len, gint64 now_ms)
{
  disc_reassembler_push (rx->r, data, len, now_ms, rx->completed, &rx->stats);
}

static void
assert_no_drops (const DiscStats *stats)
{
  g_assert_cmpuint (disc_stats_drop_total (stats), ==, 0);
}

static void
assert_completed_is (Rx *rx, guint index, const guint8 *payload, gsize len)
{
  gsize got_len;
  const guint8 *got;

  g_assert_cmpuint (rx->completed->len, >, index);
  got = g_bytes_get_data (rx->completed->pdata[index], &got_len);
  g_assert_cmpmem (got, got_len, payload, len);
}

/* --- CRC-32 ---------------------------------------------------------------- */

static void
test_crc32_vectors (void)
{
  JsonArray *crcs = vector_array ("crc32");

  g_test_summary ("CRC-32 matches the npm packages' values, signed "
                  "and unsigned, and the catalogue check value");
  g_assert_cmpuint (json_array_get_length (crcs), >=, 5);
  for (guint i = 0; i < json_array_get_length (crcs); i++)
    {
      JsonObject *v = json_array_get_object_element (crcs, i);
      g_autoptr(GBytes) input = member_bytes (v, "input_hex");
      guint32 crc = disc_crc32 (g_bytes_get_data (input, NULL), g_bytes_get_size (input));

      g_test_message ("crc32 %s", json_object_get_string_member (v, "name"));
      g_assert_cmpint ((gint32) crc, ==, json_object_get_int_member (v, "signed"));
      g_assert_cmpuint (crc, ==, json_object_get_int_member (v, "unsigned"));
    }
  /* the catalogue check value, independent of the vectors */
  g_assert_cmphex (disc_crc32 ((const guint8 *) "123456789", 9), ==, 0xcbf43926);
}

/* --- wrapping ------------------------------------------------------------ */

/* Every message node-discovery frames correctly, we frame byte for byte alike. */
static void
test_wrap_golden (void)
{
  JsonArray *messages = vector_array ("messages");
  guint compared = 0;

  g_test_summary ("Every message node-discovery frames, we frame to the same bytes, block for block");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(GBytes) id = NULL;
      g_autoptr(GPtrArray) golden = NULL;
      g_autoptr(GPtrArray) ours = NULL;

      if (!g_str_equal (json_object_get_string_member (m, "dialect"), "wrap") ||
          !json_object_get_boolean_member (m, "seed_delivers"))
        continue;

      g_test_message ("wrap %s", json_object_get_string_member (m, "name"));
      payload = member_bytes (m, "payload_hex");
      id = member_bytes (m, "frame_id_hex");
      g_assert_cmpuint (g_bytes_get_size (id), ==, DISC_FRAME_ID_SIZE);
      golden = message_datagrams (m);
      ours = disc_frame_wrap (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                              g_bytes_get_data (id, NULL),
                              json_object_get_int_member (m, "block_size"));
      g_assert_cmpuint (ours->len, ==, golden->len);
      for (guint b = 0; b < golden->len; b++)
        {
          gsize ol, gl;
          const guint8 *o = g_bytes_get_data (ours->pdata[b], &ol);
          const guint8 *g = g_bytes_get_data (golden->pdata[b], &gl);

          g_assert_cmpmem (o, ol, g, gl);
        }
      compared++;
    }
  /* hellos, channels, a 3-block message, encrypted ones */
  g_assert_cmpuint (compared, >=, 10);
  g_assert_cmpuint (find_message ("wrap-multiblock-4000") != NULL, ==, TRUE);
}

static void
test_wrap_layout (void)
{
  guint8 id[DISC_FRAME_ID_SIZE];
  gsize len = 3000;
  g_autofree guint8 *payload = make_payload (len, 1);
  g_autoptr(GPtrArray) blocks = NULL;
  guint32 crc = disc_crc32 (payload, len);

  g_test_summary ("A WRAP block's header fields (id, CRC, total, "
                  "block length, offset) and a small block size");
  fill_id (id, 7);
  blocks = disc_frame_wrap (payload, len, id, DISC_FRAME_BLOCK_SIZE);
  g_assert_cmpuint (blocks->len, ==, 3);
  for (guint i = 0; i < blocks->len; i++)
    {
      gsize bl;
      const guint8 *b = g_bytes_get_data (blocks->pdata[i], &bl);
      gsize expect_data = i < 2 ? CHUNK : len - 2 * CHUNK;

      g_assert_cmpuint (bl, ==, DISC_FRAME_HEADER_SIZE + expect_data);
      g_assert_cmpmem (b, 4, "WRAP", 4);
      g_assert_cmpmem (b + 4, 16, id, 16);
      g_assert_cmphex (read_u32 (b + 20), ==, crc);
      g_assert_cmpuint (read_u32 (b + 24), ==, len);
      g_assert_cmpuint (read_u32 (b + 28), ==, bl);
      g_assert_cmpuint (read_u32 (b + 32), ==, i * CHUNK);
      g_assert_cmpmem (b + 36, expect_data, payload + i * CHUNK, expect_data);
    }

  /* a small block size is honoured */
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = disc_frame_wrap (payload, 100, id, DISC_FRAME_HEADER_SIZE + 9);
  g_assert_cmpuint (blocks->len, ==, 12);  /* 11 × 9 + 1 */
  g_assert_cmpuint (g_bytes_get_size (blocks->pdata[11]), ==, 37);
}

/* The seed sends len % 1464 bytes in its last block, which is nothing when
 * len is a multiple of 1464. We send the whole tail. */
static void
test_wrap_exact_multiple (void)
{
  const char *names[] = { "wrap-exact-1464", "wrap-exact-2928" };

  g_test_summary ("A payload that is an exact multiple of 1464 bytes: we send the whole "
                  "tail, and the seed's empty last block is a counted malformed frame");
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      JsonObject *m = find_message (names[n]);
      g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");
      g_autoptr(GBytes) id = member_bytes (m, "frame_id_hex");
      g_autoptr(GPtrArray) golden = message_datagrams (m);
      g_autoptr(GPtrArray) ours = NULL;
      gsize len = g_bytes_get_size (payload);
      Rx rx;

      g_assert_cmpuint (len % CHUNK, ==, 0);
      g_assert_false (json_object_get_boolean_member (m, "seed_delivers"));
      ours = disc_frame_wrap (g_bytes_get_data (payload, NULL), len,
                              g_bytes_get_data (id, NULL), DISC_FRAME_BLOCK_SIZE);
      g_assert_cmpuint (ours->len, ==, len / CHUNK);
      g_assert_cmpuint (golden->len, ==, len / CHUNK);
      for (guint b = 0; b < ours->len; b++)
        g_assert_cmpuint (g_bytes_get_size (ours->pdata[b]), ==, DISC_FRAME_BLOCK_SIZE);
      /* the seed's last block is a bare header */
      g_assert_cmpuint (g_bytes_get_size (golden->pdata[golden->len - 1]), ==, DISC_FRAME_HEADER_SIZE);
      /* all blocks before it are the same as ours */
      for (guint b = 0; b + 1 < golden->len; b++)
        g_assert_true (g_bytes_equal (golden->pdata[b], ours->pdata[b]));

      /* ours reassemble to the payload */
      rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
      for (guint b = 0; b < ours->len; b++)
        rx_push (&rx, ours->pdata[b], 0);
      g_assert_cmpuint (rx.completed->len, ==, 1);
      assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), len);
      assert_no_drops (&rx.stats);
      rx_clear (&rx);

      /* the seed's: its empty last block is malformed, nothing is delivered,
       * and what was buffered times out */
      rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
      for (guint b = 0; b < golden->len; b++)
        rx_push (&rx, golden->pdata[b], 0);
      g_assert_cmpuint (rx.completed->len, ==, 0);
      assert_only_drop (&rx.stats, DISC_DROP_MALFORMED_FRAME, 1);
      g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, golden->len - 1);
      disc_reassembler_expire (rx.r, DISC_FRAME_TIMEOUT_MS, &rx.stats);
      g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT], ==, golden->len - 1);
      g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
      rx_clear (&rx);
    }

  /* and three exact chunks, not from the vectors */
  {
    guint8 id[DISC_FRAME_ID_SIZE];
    g_autofree guint8 *payload = make_payload (3 * CHUNK, 3);
    g_autoptr(GPtrArray) blocks = NULL;
    Rx rx;

    fill_id (id, 3);
    blocks = disc_frame_wrap (payload, 3 * CHUNK, id, DISC_FRAME_BLOCK_SIZE);
    g_assert_cmpuint (blocks->len, ==, 3);
    rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
    rx_push (&rx, blocks->pdata[2], 0);
    rx_push (&rx, blocks->pdata[0], 0);
    rx_push (&rx, blocks->pdata[1], 0);
    g_assert_cmpuint (rx.completed->len, ==, 1);
    assert_completed_is (&rx, 0, payload, 3 * CHUNK);
    assert_no_drops (&rx.stats);
    rx_clear (&rx);
  }
}

/* --- reassembly ---------------------------------------------------------- */

static void
test_reassemble_single (void)
{
  JsonObject *m = find_message ("wrap-hello");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");
  Rx rx;

  g_test_summary ("A one-block message is delivered at once and leaves no state behind");
  g_assert_cmpuint (golden->len, ==, 1);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, golden->pdata[0], 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  assert_no_drops (&rx.stats);
  /* a message in one block leaves no state behind */
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

static void
test_reassemble_in_order (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");
  Rx rx;

  g_test_summary ("Three blocks in order are held until the last, then delivered whole");
  g_assert_cmpuint (g_bytes_get_size (payload), ==, 4000);
  g_assert_cmpuint (golden->len, ==, 3);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, golden->pdata[0], 10);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 4000);
  rx_push (&rx, golden->pdata[1], 20);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  rx_push (&rx, golden->pdata[2], 30);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), 4000);
  assert_no_drops (&rx.stats);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

static void
test_reassemble_permutations (void)
{
  static const guint perms[6][3] = {
    { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
  };
  const char *names[] = { "wrap-multiblock-4000", "wrap-multiblock-aes256" };

  g_test_summary ("Blocks in any of the six orders give the same message, clear or encrypted");
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      JsonObject *m = find_message (names[n]);
      g_autoptr(GPtrArray) golden = message_datagrams (m);
      g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");

      g_assert_cmpuint (golden->len, ==, 3);
      for (guint p = 0; p < G_N_ELEMENTS (perms); p++)
        {
          Rx rx;

          rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
          for (guint k = 0; k < 3; k++)
            {
              rx_push (&rx, golden->pdata[perms[p][k]], k);
              g_assert_cmpuint (rx.completed->len, ==, k == 2 ? 1 : 0);
              g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, k == 2 ? 0 : 1);
            }
          assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
          assert_no_drops (&rx.stats);
          rx_clear (&rx);
        }
    }
}

/* Two messages with their blocks interleaved */
static void
test_reassemble_interleaved (void)
{
  guint8 id_a[DISC_FRAME_ID_SIZE], id_b[DISC_FRAME_ID_SIZE];
  g_autofree guint8 *a = make_payload (5000, 1);
  g_autofree guint8 *b = make_payload (3000, 2);
  g_autoptr(GPtrArray) ba = NULL;
  g_autoptr(GPtrArray) bb = NULL;
  Rx rx;

  g_test_summary ("Blocks of two messages interleaved are reassembled into both");
  fill_id (id_a, 1);
  fill_id (id_b, 2);
  ba = disc_frame_wrap (a, 5000, id_a, DISC_FRAME_BLOCK_SIZE);
  bb = disc_frame_wrap (b, 3000, id_b, DISC_FRAME_BLOCK_SIZE);
  g_assert_cmpuint (ba->len, ==, 4);
  g_assert_cmpuint (bb->len, ==, 3);

  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, ba->pdata[3], 0);
  rx_push (&rx, bb->pdata[1], 0);
  rx_push (&rx, ba->pdata[0], 0);
  rx_push (&rx, bb->pdata[0], 0);
  rx_push (&rx, ba->pdata[2], 0);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 2);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 8000);
  rx_push (&rx, bb->pdata[2], 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, b, 3000);
  rx_push (&rx, ba->pdata[1], 0);
  g_assert_cmpuint (rx.completed->len, ==, 2);
  assert_completed_is (&rx, 1, a, 5000);
  assert_no_drops (&rx.stats);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

static void
test_reassemble_duplicate (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");
  Rx rx;

  g_test_summary ("A block received twice is a counted duplicate; a late copy after completion times out");
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, golden->pdata[1], 0);
  rx_push (&rx, golden->pdata[1], 0);
  assert_only_drop (&rx.stats, DISC_DROP_DUPLICATE_BLOCK, 1);
  rx_push (&rx, golden->pdata[0], 0);
  rx_push (&rx, golden->pdata[0], 0);
  assert_only_drop (&rx.stats, DISC_DROP_DUPLICATE_BLOCK, 2);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  rx_push (&rx, golden->pdata[2], 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));

  /* once complete, the message is forgotten: a late copy of one of its
   * blocks starts a new partial message, which times out */
  rx_push (&rx, golden->pdata[2], 100);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  disc_reassembler_expire (rx.r, 100 + DISC_FRAME_TIMEOUT_MS, &rx.stats);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT], ==, 1);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_DUPLICATE_BLOCK], ==, 2);
  rx_clear (&rx);
}

static void
test_reassemble_overlap (void)
{
  guint8 id[DISC_FRAME_ID_SIZE];
  const gsize total = 300;
  g_autofree guint8 *payload = make_payload (total, 9);
  guint32 crc = disc_crc32 (payload, total);
  Rx rx;

  g_test_summary ("A block overlapping received ranges on either side is refused and changes nothing");
  g_test_bug ("commit/733dbbc");
  fill_id (id, 9);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);

  /* [0,100) and [200,300) received */
  {
    g_autoptr(GBytes) b1 = make_block (id, crc, total, 0, 0, payload, 100);
    g_autoptr(GBytes) b3 = make_block (id, crc, total, 0, 200, payload + 200, 100);

    rx_push (&rx, b1, 0);
    rx_push (&rx, b3, 0);
  }
  assert_no_drops (&rx.stats);

  /* overlapping blocks are refused, whatever side they overlap on */
  {
    struct { guint32 start, end; } bad[] = {
      { 50, 150 },    /* overlaps the first on its left */
      { 150, 250 },   /* overlaps the last on its right */
      { 100, 250 },   /* touches the first, overlaps the last */
      { 0, 300 },     /* covers everything */
      { 99, 201 },    /* overlaps both by a byte */
      { 250, 260 },   /* inside the last */
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree guint8 *junk = g_malloc0 (bad[i].end - bad[i].start);
        g_autoptr(GBytes) b = make_block (id, crc, total, 0, bad[i].start, junk, bad[i].end - bad[i].start);

        rx_push (&rx, b, 0);
        g_assert_cmpuint (rx.stats.drops[DISC_DROP_DUPLICATE_BLOCK], ==, i + 1);
        g_assert_cmpuint (rx.completed->len, ==, 0);
      }
  }

  /* a refused block changes nothing: the real missing piece still fits,
   * in two halves, and the message is intact */
  {
    g_autoptr(GBytes) b2a = make_block (id, crc, total, 0, 150, payload + 150, 50);
    g_autoptr(GBytes) b2b = make_block (id, crc, total, 0, 100, payload + 100, 50);

    rx_push (&rx, b2a, 0);
    g_assert_cmpuint (rx.completed->len, ==, 0);
    rx_push (&rx, b2b, 0);
  }
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, payload, total);
  assert_only_drop (&rx.stats, DISC_DROP_DUPLICATE_BLOCK, 6);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
  rx_clear (&rx);
}

/* A block whose header disagrees with the first block seen for its id */
static void
test_reassemble_header_mismatch (void)
{
  guint8 id[DISC_FRAME_ID_SIZE];
  const gsize total = 3000;
  g_autofree guint8 *payload = make_payload (total, 4);
  guint32 crc = disc_crc32 (payload, total);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) bad_crc = NULL;
  g_autoptr(GBytes) bad_total = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  Rx rx;

  g_test_summary ("A block whose CRC or total disagrees with its message's first block is refused");
  fill_id (id, 4);
  first = make_block (id, crc, total, 0, 0, payload, CHUNK);
  bad_crc = make_block (id, crc ^ 1, total, 0, CHUNK, payload + CHUNK, CHUNK);
  bad_total = make_block (id, crc, total + 1, 0, CHUNK, payload + CHUNK, CHUNK);
  second = make_block (id, crc, total, 0, CHUNK, payload + CHUNK, CHUNK);
  third = make_block (id, crc, total, 0, 2 * CHUNK, payload + 2 * CHUNK, total - 2 * CHUNK);

  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, first, 0);
  rx_push (&rx, bad_crc, 0);
  rx_push (&rx, bad_total, 0);
  assert_only_drop (&rx.stats, DISC_DROP_DUPLICATE_BLOCK, 2);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, total);
  rx_push (&rx, second, 0);
  rx_push (&rx, third, 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, payload, total);
  assert_only_drop (&rx.stats, DISC_DROP_DUPLICATE_BLOCK, 2);
  rx_clear (&rx);
}

typedef struct
{
  const char     *what;
  GBytes         *datagram;
  DiscDropReason  reason;
} BadCase;

static void
test_malformed (void)
{
  guint8 id[DISC_FRAME_ID_SIZE];
  g_autofree guint8 *payload = make_payload (200, 5);
  guint32 crc = disc_crc32 (payload, 200);
  g_autoptr(GBytes) good = NULL;
  gsize good_len;
  const guint8 *good_data;
  g_autoptr(GPtrArray) cases = g_ptr_array_new ();
  BadCase *c;
  guint8 buf[256];

  g_test_summary ("Each malformed or oversized header is refused with its own drop reason, never crashing");
  fill_id (id, 5);
  good = make_block (id, crc, 200, 0, 0, payload, 200);
  good_data = g_bytes_get_data (good, &good_len);

#define ADD(w, d, r) \
  G_STMT_START { c = g_newa (BadCase, 1); c->what = (w); c->datagram = (d); c->reason = (r); \
                 g_ptr_array_add (cases, c); } G_STMT_END

  ADD ("truncated header", g_bytes_new (good_data, 20), DISC_DROP_MALFORMED_FRAME);
  ADD ("magic only", g_bytes_new ("WRAP", 4), DISC_DROP_MALFORMED_FRAME);
  ADD ("header, no data", g_bytes_new (good_data, 36), DISC_DROP_MALFORMED_FRAME);
  memcpy (buf, good_data, 100);
  memcpy (buf, "WRAp", 4);
  ADD ("wrong magic", g_bytes_new (buf, 100), DISC_DROP_MALFORMED_FRAME);
  ADD ("block length 4 GiB", make_block (id, crc, 200, 0xffffffff, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  {
    g_autoptr(GBytes) b = make_block (id, crc, 200, 0, 0, payload, 200);
    guint8 *raw = g_memdup2 (g_bytes_get_data (b, NULL), g_bytes_get_size (b));

    write_u32 (raw + 28, 0);
    ADD ("block length field 0", g_bytes_new_take (raw, g_bytes_get_size (b)), DISC_DROP_MALFORMED_FRAME);
  }
  ADD ("block length 36", make_block (id, crc, 200, 36, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("block length 20", make_block (id, crc, 200, 20, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("block length past the datagram", make_block (id, crc, 200, 237, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("offset + length > total", make_block (id, crc, 200, 0, 1, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("offset = total", make_block (id, crc, 200, 0, 200, payload, 10), DISC_DROP_MALFORMED_FRAME);
  ADD ("offset past total", make_block (id, crc, 200, 0, 0xfffffff0, payload, 100), DISC_DROP_MALFORMED_FRAME);
  ADD ("offset wraps 32 bits", make_block (id, crc, 200, 0, 0xffffff9c, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("data longer than total", make_block (id, crc, 100, 0, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("total 0", make_block (id, crc, 0, 0, 0, payload, 200), DISC_DROP_MALFORMED_FRAME);
  ADD ("total just over 64 KiB", make_block (id, crc, DISC_FRAME_MAX_MESSAGE + 1, 0, 0, payload, 200), DISC_DROP_OVERSIZED);
  ADD ("total 4 GiB", make_block (id, crc, 0xffffffff, 0, 0, payload, 200), DISC_DROP_OVERSIZED);
  {
    gsize big = DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE + 1;
    guint8 *raw = g_malloc0 (big);

    memcpy (raw, good_data, good_len);
    ADD ("datagram over 64 KiB", g_bytes_new_take (raw, big), DISC_DROP_OVERSIZED);
  }
  ADD ("bad CRC", make_block (id, crc ^ 0x80000000, 200, 0, 0, payload, 200), DISC_DROP_CHECKSUM);
  {
    guint8 *raw = g_memdup2 (good_data, good_len);

    raw[100] ^= 0x01;
    ADD ("flipped data bit", g_bytes_new_take (raw, good_len), DISC_DROP_CHECKSUM);
  }
#undef ADD

  for (guint i = 0; i < cases->len; i++)
    {
      BadCase *bc = cases->pdata[i];
      Rx rx;

      g_test_message ("malformed: %s", bc->what);
      rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
      rx_push (&rx, bc->datagram, 0);
      g_assert_cmpuint (rx.completed->len, ==, 0);
      assert_only_drop (&rx.stats, bc->reason, 1);
      g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
      g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
      /* and the good one still goes through afterwards */
      rx_push (&rx, good, 0);
      g_assert_cmpuint (rx.completed->len, ==, 1);
      rx_clear (&rx);
      g_bytes_unref (bc->datagram);
    }

  /* zero-length datagram: nothing to count at this layer, nothing to crash */
  {
    Rx rx;

    rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
    rx_push_raw (&rx, (const guint8 *) "", 0, 0);
    g_assert_cmpuint (rx.completed->len, ==, 0);
    rx_clear (&rx);
  }
}

/* A corrupted block of a multi-block message fails the checksum at the end. */
static void
test_bad_crc_multiblock (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  gsize len = g_bytes_get_size (golden->pdata[1]);
  g_autofree guint8 *middle = g_memdup2 (g_bytes_get_data (golden->pdata[1], NULL), len);
  g_autoptr(GBytes) bad = NULL;
  Rx rx;

  g_test_summary ("A flipped bit in one block of a three-block message fails the CRC at the end");
  middle[700] ^= 0x20;
  bad = g_bytes_new (middle, len);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, golden->pdata[0], 0);
  rx_push (&rx, bad, 0);
  rx_push (&rx, golden->pdata[2], 0);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  assert_only_drop (&rx.stats, DISC_DROP_CHECKSUM, 1);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

/* The seed's reader takes several blocks back to back in one datagram. */
static void
test_concatenated (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  g_autoptr(GBytes) payload = member_bytes (m, "payload_hex");
  JsonObject *h = find_message ("wrap-hello");
  g_autoptr(GPtrArray) hello = message_datagrams (h);
  g_autoptr(GBytes) hello_payload = member_bytes (h, "payload_hex");
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  Rx rx;

  g_test_summary ("Several blocks back to back in one datagram are read as the seed reads them");
  /* blocks 2 and 0 of one message in a datagram, then block 1 alone */
  g_byte_array_append (joined, g_bytes_get_data (golden->pdata[2], NULL), g_bytes_get_size (golden->pdata[2]));
  g_byte_array_append (joined, g_bytes_get_data (golden->pdata[0], NULL), g_bytes_get_size (golden->pdata[0]));
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push_raw (&rx, joined->data, joined->len, 0);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  rx_push (&rx, golden->pdata[1], 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, g_bytes_get_data (payload, NULL), 4000);
  assert_no_drops (&rx.stats);
  rx_clear (&rx);

  /* two whole messages in one datagram: both delivered */
  g_byte_array_set_size (joined, 0);
  g_byte_array_append (joined, g_bytes_get_data (hello->pdata[0], NULL), g_bytes_get_size (hello->pdata[0]));
  g_byte_array_append (joined, g_bytes_get_data (hello->pdata[0], NULL), g_bytes_get_size (hello->pdata[0]));
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push_raw (&rx, joined->data, joined->len, 0);
  g_assert_cmpuint (rx.completed->len, ==, 2);
  assert_completed_is (&rx, 0, g_bytes_get_data (hello_payload, NULL), g_bytes_get_size (hello_payload));
  assert_completed_is (&rx, 1, g_bytes_get_data (hello_payload, NULL), g_bytes_get_size (hello_payload));
  assert_no_drops (&rx.stats);
  rx_clear (&rx);

  /* a whole block followed by junk: the block counts, the junk is malformed */
  g_byte_array_set_size (joined, 0);
  g_byte_array_append (joined, g_bytes_get_data (hello->pdata[0], NULL), g_bytes_get_size (hello->pdata[0]));
  g_byte_array_append (joined, (const guint8 *) "WRAPjunk", 8);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push_raw (&rx, joined->data, joined->len, 0);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_only_drop (&rx.stats, DISC_DROP_MALFORMED_FRAME, 1);
  rx_clear (&rx);
}

static void
test_timeout (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(GPtrArray) golden = message_datagrams (m);
  guint8 id[DISC_FRAME_ID_SIZE];
  g_autofree guint8 *other = make_payload (2000, 6);
  g_autoptr(GPtrArray) other_blocks = NULL;
  const gint64 t0 = 1000000;
  Rx rx;

  g_test_summary ("A partial message expires after the reassembly "
                  "timeout, counted, also when a push runs the clock");
  fill_id (id, 6);
  other_blocks = disc_frame_wrap (other, 2000, id, DISC_FRAME_BLOCK_SIZE);

  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  rx_push (&rx, golden->pdata[0], t0);
  rx_push (&rx, golden->pdata[1], t0 + 4000);  /* the clock runs from the first block */
  disc_reassembler_expire (rx.r, t0 + DISC_FRAME_TIMEOUT_MS - 1, &rx.stats);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  assert_no_drops (&rx.stats);

  /* a push runs the clock too: the first message times out as the other
   * one's first block arrives */
  rx_push (&rx, other_blocks->pdata[0], t0 + DISC_FRAME_TIMEOUT_MS);
  assert_only_drop (&rx.stats, DISC_DROP_REASSEMBLY_TIMEOUT, 1);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 1);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 2000);

  /* the late last block of the expired message starts afresh and never completes */
  rx_push (&rx, golden->pdata[2], t0 + DISC_FRAME_TIMEOUT_MS + 1);
  g_assert_cmpuint (rx.completed->len, ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 2);

  /* the other completes in time */
  rx_push (&rx, other_blocks->pdata[1], t0 + 2 * DISC_FRAME_TIMEOUT_MS - 1);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, other, 2000);

  disc_reassembler_expire (rx.r, t0 + 3 * DISC_FRAME_TIMEOUT_MS, &rx.stats);
  assert_only_drop (&rx.stats, DISC_DROP_REASSEMBLY_TIMEOUT, 2);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

/* More partial messages than allowed: the oldest go, counted, and the
 * memory they hold stays under the limit. */
static void
test_eviction_count (void)
{
  const guint n = DISC_FRAME_MAX_PENDING + 10;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  Rx rx;

  g_test_summary ("Past the limit of partial messages the oldest are evicted, counted, memory bounded");
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  for (guint i = 0; i < n; i++)
    {
      guint8 id[DISC_FRAME_ID_SIZE];
      guint8 *payload = make_payload (2000, 100 + i);

      fill_id (id, 100 + i);
      g_ptr_array_add (payloads, payload);
      g_ptr_array_add (messages, disc_frame_wrap (payload, 2000, id, DISC_FRAME_BLOCK_SIZE));
      rx_push (&rx, ((GPtrArray *) messages->pdata[i])->pdata[0], i);
      g_assert_cmpuint (disc_reassembler_get_pending (rx.r), <=, DISC_FRAME_MAX_PENDING);
      g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], ==,
                        i < DISC_FRAME_MAX_PENDING ? 0 : i + 1 - DISC_FRAME_MAX_PENDING);
    }
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, DISC_FRAME_MAX_PENDING);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, DISC_FRAME_MAX_PENDING * 2000);

  /* messages 0..9 were evicted, oldest first */
  rx_push (&rx, ((GPtrArray *) messages->pdata[n - 1])->pdata[1], n);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  assert_completed_is (&rx, 0, payloads->pdata[n - 1], 2000);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, DISC_FRAME_MAX_PENDING - 1);
  /* an evicted message's second block starts a new partial... */
  rx_push (&rx, ((GPtrArray *) messages->pdata[0])->pdata[1], n);
  g_assert_cmpuint (rx.completed->len, ==, 1);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, DISC_FRAME_MAX_PENDING);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], ==, 10);
  /* ...and the next one evicts the oldest survivor, message 10 */
  rx_push (&rx, ((GPtrArray *) messages->pdata[1])->pdata[1], n);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], ==, 11);
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, DISC_FRAME_MAX_PENDING);
  rx_push (&rx, ((GPtrArray *) messages->pdata[12])->pdata[1], n);
  g_assert_cmpuint (rx.completed->len, ==, 2);
  assert_completed_is (&rx, 1, payloads->pdata[12], 2000);
  rx_push (&rx, ((GPtrArray *) messages->pdata[10])->pdata[1], n);
  g_assert_cmpuint (rx.completed->len, ==, 2);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], ==, 11);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==,
                    disc_reassembler_get_pending (rx.r) * 2000);
  rx_clear (&rx);
}

static void
test_eviction_bytes (void)
{
  const gsize total = DISC_FRAME_MAX_MESSAGE;  /* 64 KiB: 16 fit in 1 MiB */
  const guint fit = DISC_FRAME_MAX_PENDING_BYTES / total;
  g_autofree guint8 *payload = make_payload (total, 77);
  Rx rx;

  g_test_summary ("Past the byte budget of partial messages the oldest "
                  "are evicted; one larger than the budget is refused");
  g_assert_cmpuint (fit, ==, 16);
  rx_init (&rx, DISC_FRAME_MAX_PENDING, DISC_FRAME_MAX_PENDING_BYTES);
  for (guint i = 0; i < fit + 5; i++)
    {
      guint8 id[DISC_FRAME_ID_SIZE];
      g_autoptr(GBytes) first = NULL;

      fill_id (id, 1000 + i);
      first = make_block (id, disc_crc32 (payload, total), total, 0, 0, payload, CHUNK);
      rx_push (&rx, first, 0);
      g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), <=, DISC_FRAME_MAX_PENDING_BYTES);
      g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], ==, i < fit ? 0 : i + 1 - fit);
    }
  g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, fit);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, DISC_FRAME_MAX_PENDING_BYTES);
  rx_clear (&rx);

  /* a message larger than the whole budget is refused outright */
  rx_init (&rx, DISC_FRAME_MAX_PENDING, 10000);
  {
    guint8 id[DISC_FRAME_ID_SIZE];
    g_autoptr(GBytes) first = NULL;

    fill_id (id, 2000);
    first = make_block (id, 0, 20000, 0, 0, payload, CHUNK);
    rx_push (&rx, first, 0);
  }
  assert_only_drop (&rx.stats, DISC_DROP_REASSEMBLY_LIMIT, 1);
  g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  rx_clear (&rx);
}

/* --- the flood ------------------------------------------------------------ */

static GBytes *
random_datagram (GRand *rand, GPtrArray *pool, const guint8 ids[8][DISC_FRAME_ID_SIZE])
{
  guint kind = g_rand_int_range (rand, 0, 100);

  if (kind < 15)
    {
      /* noise, sometimes with the magic */
      gsize len = g_rand_int_range (rand, 1, 2000);  /* the codec counts empty ones */
      guint8 *d = g_malloc (len + 1);

      for (gsize i = 0; i < len; i++)
        d[i] = g_rand_int (rand);
      if (len >= 4 && g_rand_boolean (rand))
        memcpy (d, "WRAP", 4);
      return g_bytes_new_take (d, len);
    }
  else if (kind < 55)
    {
      /* a plausible header with random fields, on a few ids */
      static const guint32 totals[] = { 0, 1, 100, 1464, 2928, 4000, 65536, 65537, 0xffffffff };
      guint32 total = g_rand_boolean (rand) ? totals[g_rand_int_range (rand, 0, G_N_ELEMENTS (totals))]
                                            : (guint32) g_rand_int_range (rand, 0, 70000);
      gsize data_len = g_rand_int_range (rand, 0, 1600);
      guint32 offset = g_rand_boolean (rand) ? (guint32) g_rand_int_range (rand, 0, 5) * CHUNK
                                             : g_rand_int (rand) % (total + 2);
      guint32 block_len = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int (rand) : 0;
      g_autofree guint8 *data = g_malloc (data_len + 1);

      for (gsize i = 0; i < data_len; i++)
        data[i] = g_rand_int (rand);
      return make_block (ids[g_rand_int_range (rand, 0, 8)],
                         g_rand_boolean (rand) ? 0x12345678 : g_rand_int (rand),
                         total, block_len, offset, data, data_len);
    }
  else if (kind < 85)
    {
      /* a real block, maybe mangled */
      GBytes *b = pool->pdata[g_rand_int_range (rand, 0, pool->len)];
      gsize len = g_bytes_get_size (b);
      guint8 *d = g_memdup2 (g_bytes_get_data (b, NULL), len);
      guint flips = g_rand_int_range (rand, 0, 4);

      for (guint i = 0; i < flips && len > 0; i++)
        d[g_rand_int_range (rand, 0, len)] ^= 1 << g_rand_int_range (rand, 0, 8);
      if (g_rand_int_range (rand, 0, 5) == 0)
        len = g_rand_int_range (rand, 1, len + 1);
      return g_bytes_new_take (d, len);
    }
  else
    {
      /* several real blocks glued together */
      GByteArray *joined = g_byte_array_new ();
      guint n = g_rand_int_range (rand, 2, 4);

      for (guint i = 0; i < n; i++)
        {
          GBytes *b = pool->pdata[g_rand_int_range (rand, 0, pool->len)];

          g_byte_array_append (joined, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
        }
      return g_byte_array_free_to_bytes (joined);
    }
}

static void
test_flood (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint8 ids[8][DISC_FRAME_ID_SIZE];
  JsonArray *messages = vector_array ("messages");
  const gsize max_bytes = 256 * 1024;  /* small, so that the byte limit bites */
  DiscStats check = { 0 };
  guint64 delivered = 0, buffered = 0;
  gint64 now = 0;
  Rx rx;

  g_test_summary ("10,000 random, mangled and glued datagrams: each is "
                  "dropped, delivered or buffered, and all is accounted for");
  for (guint i = 0; i < 8; i++)
    fill_id (ids[i], 500 + i);
  /* every golden block, and blocks of some random messages on the shared ids */
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GPtrArray) d = NULL;

      if (!g_str_equal (json_object_get_string_member (m, "dialect"), "wrap"))
        continue;
      d = message_datagrams (m);
      for (guint b = 0; b < d->len; b++)
        g_ptr_array_add (pool, g_bytes_ref (d->pdata[b]));
    }
  for (guint i = 0; i < 8; i++)
    {
      gsize len = g_rand_int_range (rand, 1, 8000);
      g_autofree guint8 *payload = make_payload (len, 900 + i);
      g_autoptr(GPtrArray) blocks = disc_frame_wrap (payload, len, ids[i], DISC_FRAME_BLOCK_SIZE);

      for (guint b = 0; b < blocks->len; b++)
        g_ptr_array_add (pool, g_bytes_ref (blocks->pdata[b]));
    }

  rx_init (&rx, 16, max_bytes);
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GBytes) datagram = random_datagram (rand, pool, (const guint8 (*)[DISC_FRAME_ID_SIZE]) ids);
      guint64 drops_before, completed_before;
      guint pending_before;
      gsize bytes_before;

      now += g_rand_int_range (rand, 0, 40);
      /* expire first, so that what changes below is this datagram's doing */
      disc_reassembler_expire (rx.r, now, &rx.stats);
      drops_before = disc_stats_drop_total (&rx.stats);
      completed_before = rx.completed->len;
      pending_before = disc_reassembler_get_pending (rx.r);
      bytes_before = disc_reassembler_get_pending_bytes (rx.r);

      rx_push (&rx, datagram, now);

      g_assert_cmpuint (disc_reassembler_get_pending (rx.r), <=, 16);
      g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), <=, max_bytes);
      if (disc_stats_drop_total (&rx.stats) > drops_before || rx.completed->len > completed_before)
        continue;
      if (disc_reassembler_get_pending (rx.r) != pending_before ||
          disc_reassembler_get_pending_bytes (rx.r) != bytes_before)
        {
          buffered++;
          continue;
        }
      /* Neither dropped, delivered, nor a new partial: it must have gone
       * into a partial that was already there. Then the same datagram again
       * is a duplicate, and is counted as one. */
      {
        guint64 dup_before = check.drops[DISC_DROP_DUPLICATE_BLOCK];
        g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

        g_assert_cmpuint (g_bytes_get_size (datagram), >, DISC_FRAME_HEADER_SIZE);
        disc_reassembler_push (rx.r, g_bytes_get_data (datagram, NULL), g_bytes_get_size (datagram),
                               now, scratch, &check);
        g_assert_cmpuint (check.drops[DISC_DROP_DUPLICATE_BLOCK], >, dup_before);
        g_assert_cmpuint (scratch->len, ==, 0);
        buffered++;
      }
    }
  delivered = rx.completed->len;
  g_test_message ("flood: %" G_GUINT64_FORMAT " delivered, %" G_GUINT64_FORMAT " buffered, "
                  "%" G_GUINT64_FORMAT " drops",
                  delivered, buffered, disc_stats_drop_total (&rx.stats));
  for (int r = 0; r < DISC_DROP_N_REASONS; r++)
    if (rx.stats.drops[r] > 0)
      g_test_message ("  %s: %" G_GUINT64_FORMAT, disc_drop_reason_describe (r), rx.stats.drops[r]);
  /* the mix exercises every path */
  g_assert_cmpuint (delivered, >, 0);
  g_assert_cmpuint (buffered, >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_MALFORMED_FRAME], >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_CHECKSUM], >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_DUPLICATE_BLOCK], >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_OVERSIZED], >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT], >, 0);
  g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_LIMIT], >, 0);

  /* everything left over times out and is counted */
  {
    guint left = disc_reassembler_get_pending (rx.r);
    guint64 timeouts = rx.stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT];

    disc_reassembler_expire (rx.r, now + DISC_FRAME_TIMEOUT_MS, &rx.stats);
    g_assert_cmpuint (rx.stats.drops[DISC_DROP_REASSEMBLY_TIMEOUT], ==, timeouts + left);
    g_assert_cmpuint (disc_reassembler_get_pending (rx.r), ==, 0);
    g_assert_cmpuint (disc_reassembler_get_pending_bytes (rx.r), ==, 0);
  }
  rx_clear (&rx);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");
  load_vectors ();

  g_test_add_func ("/frame/crc32/vectors", test_crc32_vectors);
  g_test_add_func ("/frame/wrap/golden", test_wrap_golden);
  g_test_add_func ("/frame/wrap/layout", test_wrap_layout);
  g_test_add_func ("/frame/wrap/exact-multiple", test_wrap_exact_multiple);
  g_test_add_func ("/frame/reassemble/single", test_reassemble_single);
  g_test_add_func ("/frame/reassemble/in-order", test_reassemble_in_order);
  g_test_add_func ("/frame/reassemble/permutations", test_reassemble_permutations);
  g_test_add_func ("/frame/reassemble/interleaved", test_reassemble_interleaved);
  g_test_add_func ("/frame/reassemble/duplicate", test_reassemble_duplicate);
  g_test_add_func ("/frame/reassemble/overlap", test_reassemble_overlap);
  g_test_add_func ("/frame/reassemble/header-mismatch", test_reassemble_header_mismatch);
  g_test_add_func ("/frame/malformed", test_malformed);
  g_test_add_func ("/frame/bad-crc-multiblock", test_bad_crc_multiblock);
  g_test_add_func ("/frame/concatenated", test_concatenated);
  g_test_add_func ("/frame/timeout", test_timeout);
  g_test_add_func ("/frame/eviction/count", test_eviction_count);
  g_test_add_func ("/frame/eviction/bytes", test_eviction_bytes);
  g_test_add_func ("/frame/flood", test_flood);

  {
    int ret = g_test_run ();

    json_node_unref (vectors);
    return ret;
  }
}
