/* test-codec.c: whole datagrams, both dialects, against the npm packages' bytes
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-vectors.h"

#include "disc-codec.h"
#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-frame.h"

/* --- vectors.json ------------------------------------------------------- */


static const char *
message_key (JsonObject *m)
{
  return json_object_get_null_member (m, "key") ? NULL : json_object_get_string_member (m, "key");
}

static const char *
message_algorithm (JsonObject *m)
{
  return json_object_get_null_member (m, "algorithm") ? "aes256" : json_object_get_string_member (m, "algorithm");
}

/* --- helpers --------------------------------------------------------------- */

static DiscCodec *
codec_new (DiscDialect dialect, const char *algorithm, const char *key)
{
  g_autoptr(GError) error = NULL;
  DiscCodec *codec = disc_codec_new (dialect, algorithm, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (codec);
  return codec;
}

static void
fixed_id (guint8 *id, gpointer data)
{
  memcpy (id, data, DISC_FRAME_ID_SIZE);
}

static GPtrArray *
envelope_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
}

/* Decodes every datagram; returns the last one's result. */
static int
decode_all (DiscCodec *codec, GPtrArray *datagrams, gint64 now, GPtrArray *envelopes, DiscStats *stats)
{
  int ret = -1;

  for (guint i = 0; i < datagrams->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (datagrams->pdata[i], &len);

      ret = disc_codec_decode (codec, data, len, now, envelopes, stats);
    }
  return ret;
}

static DiscEnvelope *
envelope_from_vector (JsonObject *m)
{
  g_autoptr(GBytes) json = member_bytes (m, "json_hex");
  DiscDropReason reason;
  DiscEnvelope *envelope = disc_envelope_parse (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &reason);

  g_assert_nonnull (envelope);
  return envelope;
}

/* --- decoding the packages' datagrams --------------------------------------- */

static void
test_decode_golden (void)
{
  JsonArray *messages = vector_array ("messages");
  guint encrypted = 0, plain_dialect = 0;

  g_test_summary ("Every datagram of both npm packages decodes, by a codec of either dialect");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GPtrArray) datagrams = message_datagrams (m);
      const char *name = json_object_get_string_member (m, "name");

      if (message_key (m) != NULL)
        encrypted++;
      if (message_dialect (m) == DISC_DIALECT_PLAIN)
        plain_dialect++;

      /* whichever dialect we send, we read both */
      for (guint d = 0; d < 2; d++)
        {
          g_autoptr(DiscCodec) codec = codec_new (d == 0 ? DISC_DIALECT_WRAP : DISC_DIALECT_PLAIN,
                                                  message_algorithm (m), message_key (m));
          g_autoptr(GPtrArray) envelopes = envelope_array ();
          DiscStats stats = { 0 };
          int ret;

          g_test_message ("decode %s (as a %s codec)", name, d == 0 ? "wrap" : "plain");
          ret = decode_all (codec, datagrams, 1000, envelopes, &stats);
          g_assert_cmpuint (stats.received, ==, datagrams->len);
          if (json_object_get_boolean_member (m, "seed_delivers"))
            {
              g_assert_cmpint (ret, ==, -1);
              g_assert_cmpuint (envelopes->len, ==, 1);
              assert_envelope_is (envelopes->pdata[0], json_object_get_object_member (m, "object"));
              g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
              g_assert_cmpuint (disc_codec_get_pending (codec), ==, 0);
            }
          else
            {
              /* the seed's exact multiple of 1464: its empty last block */
              g_assert_cmpint (ret, ==, DISC_DROP_MALFORMED_FRAME);
              g_assert_cmpuint (envelopes->len, ==, 0);
              assert_only_drop (&stats, DISC_DROP_MALFORMED_FRAME, 1);
            }
        }
    }
  g_assert_cmpuint (encrypted, >=, 5);
  g_assert_cmpuint (plain_dialect, >=, 4);
}

/* --- encoding: the packages' bytes --------------------------------------- */

static void
test_encode_golden (void)
{
  JsonArray *messages = vector_array ("messages");
  guint exact = 0, encrypted_exact = 0, multiblock_exact = 0, parsed = 0;

  g_test_summary ("What we encode is the packages' bytes where they "
                  "are exact, and reads back as their message elsewhere");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      const char *name = json_object_get_string_member (m, "name");
      DiscDialect dialect = message_dialect (m);
      g_autoptr(DiscCodec) codec = codec_new (dialect, message_algorithm (m), message_key (m));
      g_autoptr(DiscEnvelope) envelope = envelope_from_vector (m);
      g_autoptr(GPtrArray) golden = message_datagrams (m);
      g_autoptr(GPtrArray) ours = NULL;
      g_autoptr(GBytes) id = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("encode %s", name);
      if (dialect == DISC_DIALECT_WRAP)
        {
          id = member_bytes (m, "frame_id_hex");
          disc_codec_set_frame_id_func (codec, fixed_id, (gpointer) g_bytes_get_data (id, NULL));
        }
      ours = disc_codec_encode (codec, envelope, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ours);

      if (json_object_get_boolean_member (m, "exact") && json_object_get_boolean_member (m, "seed_delivers"))
        {
          g_assert_cmpuint (ours->len, ==, golden->len);
          for (guint b = 0; b < golden->len; b++)
            g_assert_cmpmem (g_bytes_get_data (ours->pdata[b], NULL), g_bytes_get_size (ours->pdata[b]),
                             g_bytes_get_data (golden->pdata[b], NULL), g_bytes_get_size (golden->pdata[b]));
          exact++;
          if (message_key (m) != NULL)
            encrypted_exact++;
          if (golden->len > 1)
            multiblock_exact++;
        }
      else
        parsed++;

      /* either way, it reads back as the package's message */
      {
        g_autoptr(DiscCodec) reader = codec_new (dialect, message_algorithm (m), message_key (m));
        g_autoptr(GPtrArray) envelopes = envelope_array ();
        DiscStats stats = { 0 };

        g_assert_cmpint (decode_all (reader, ours, 0, envelopes, &stats), ==, -1);
        g_assert_cmpuint (envelopes->len, ==, 1);
        assert_envelope_is (envelopes->pdata[0], json_object_get_object_member (m, "object"));
        g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
      }
    }
  g_assert_cmpuint (exact, >=, 10);
  g_assert_cmpuint (encrypted_exact, >=, 4);   /* both dialects, several algorithms */
  g_assert_cmpuint (multiblock_exact, >=, 2);  /* plain and encrypted */
  g_assert_cmpuint (parsed, >=, 3);            /* inexact numbers, the seed's lost tails */
}

/* --- keys ------------------------------------------------------------------ */

/* Decodes every datagram of vector message M with CODEC: the last is
 * dropped for REASON, counted once, and nothing is delivered. */
static void
assert_message_dropped (DiscCodec      *codec,
                        JsonObject     *m,
                        DiscDropReason  reason)
{
  g_autoptr(GPtrArray) datagrams = message_datagrams (m);
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  DiscStats stats = { 0 };

  g_assert_cmpint (decode_all (codec, datagrams, 0, envelopes, &stats), ==, reason);
  g_assert_cmpuint (envelopes->len, ==, 0);
  assert_only_drop (&stats, reason, 1);
}

static void
test_wrong_key (void)
{
  JsonArray *messages = vector_array ("messages");
  guint tried = 0;

  g_test_summary ("An encrypted datagram under the wrong passphrase is a counted decrypt drop");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(DiscCodec) codec = NULL;

      if (message_key (m) == NULL)
        continue;
      g_test_message ("wrong key for %s", json_object_get_string_member (m, "name"));
      codec = codec_new (message_dialect (m), message_algorithm (m), "wrong passphrase");
      assert_message_dropped (codec, m, DISC_DROP_DECRYPT);
      tried++;
    }
  g_assert_cmpuint (tried, >=, 5);
}

/* A keyed codec takes nothing in clear, and an unkeyed one cannot read
 * ciphertext. */
static void
test_key_mismatch (void)
{
  JsonArray *messages = vector_array ("messages");

  g_test_summary ("A keyed codec takes nothing in clear, and an unkeyed one cannot read ciphertext");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(DiscCodec) codec = NULL;
      DiscDropReason expected;

      if (!json_object_get_boolean_member (m, "seed_delivers"))
        continue;
      if (message_key (m) == NULL)
        {
          codec = codec_new (message_dialect (m), "aes256", "secret");
          expected = DISC_DROP_DECRYPT;
        }
      else
        {
          codec = codec_new (message_dialect (m), "aes256", NULL);
          expected = DISC_DROP_JSON;
        }
      g_test_message ("%s to a codec %s a key", json_object_get_string_member (m, "name"),
                      message_key (m) ? "without" : "with");
      assert_message_dropped (codec, m, expected);
    }
}

/* node-discover's ciphertext travels as UTF-8 of its Latin-1 reading: what
 * is not that cannot be its ciphertext. */
static void
test_plain_latin1 (void)
{
  JsonObject *m = find_message ("plain-hello-aes256");
  g_autoptr(GBytes) datagram = member_bytes (m, "payload_hex");
  g_autoptr(GBytes) raw = member_bytes (m, "cipher_hex");
  gsize len = g_bytes_get_size (datagram);
  const guint8 *d = g_bytes_get_data (datagram, NULL);
  gsize high = 0;

  g_test_summary ("node-discover's ciphertext as UTF-8 of Latin-1: anything else is a decrypt drop");
  /* the datagram is the raw ciphertext with each byte ≥ 0x80 as two bytes */
  for (gsize i = 0; i < g_bytes_get_size (raw); i++)
    if (((const guint8 *) g_bytes_get_data (raw, NULL))[i] >= 0x80)
      high++;
  g_assert_cmpuint (high, >, 0);
  g_assert_cmpuint (len, ==, g_bytes_get_size (raw) + high);

  {
    const char *bad[] = {
      "\xe2\x82\xac",  /* U+20AC, not Latin-1 */
      "\xc0\x80",      /* overlong */
      "\xc3",          /* cut short */
      "\x80",          /* a continuation byte alone */
      "\xc3\x28",      /* not a continuation */
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_PLAIN, "aes256", "secret");
        g_autoptr(GPtrArray) envelopes = envelope_array ();
        g_autoptr(GByteArray) mangled = g_byte_array_new ();
        DiscStats stats = { 0 };

        g_byte_array_append (mangled, d, len);
        g_byte_array_append (mangled, (const guint8 *) bad[i], strlen (bad[i]));
        g_assert_cmpint (disc_codec_decode (codec, mangled->data, mangled->len, 0, envelopes, &stats),
                         ==, DISC_DROP_DECRYPT);
        assert_only_drop (&stats, DISC_DROP_DECRYPT, 1);
      }
  }

  /* the raw ciphertext, not re-encoded, is not what node-discover sends */
  {
    g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_PLAIN, "aes256", "secret");
    g_autoptr(GPtrArray) envelopes = envelope_array ();
    DiscStats stats = { 0 };

    disc_codec_decode (codec, g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), 0, envelopes, &stats);
    g_assert_cmpuint (envelopes->len, ==, 0);
    assert_only_drop (&stats, DISC_DROP_DECRYPT, 1);
  }
}

static void
test_unknown_algorithm (void)
{
  g_autoptr(GError) error = NULL;
  DiscCodec *codec = disc_codec_new (DISC_DIALECT_WRAP, "chacha20", "secret", &error);

  g_test_summary ("A codec with an unknown algorithm is DISC_OPTION_ERROR_ALGORITHM");
  g_assert_null (codec);
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
  g_assert_nonnull (strstr (error->message, "algorithm"));
}

/* --- sizes ----------------------------------------------------------------- */

/* An envelope whose JSON in `dialect` is exactly `json_len` bytes. */
static DiscEnvelope *
envelope_of_size (DiscDialect dialect, gsize json_len)
{
  g_autoptr(JsonNode) empty = json_node_new (JSON_NODE_VALUE);
  g_autoptr(DiscEnvelope) probe = NULL;
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_VALUE);
  g_autofree char *probe_text = NULL;
  g_autofree char *fill = NULL;
  gsize base;
  DiscEnvelope *envelope;

  json_node_set_string (empty, "");
  probe = disc_envelope_new ("big", "0123456789abcdef", "fedcba9876543210", "host", empty);
  probe_text = disc_envelope_to_json (probe, dialect, &base);
  g_assert_cmpuint (json_len, >=, base);
  fill = g_strnfill (json_len - base, 'x');
  json_node_set_string (data, fill);
  envelope = disc_envelope_new ("big", "0123456789abcdef", "fedcba9876543210", "host", data);
  {
    gsize len;
    g_autofree char *text = disc_envelope_to_json (envelope, dialect, &len);

    g_assert_cmpuint (len, ==, json_len);
  }
  return envelope;
}

static void
test_too_large (void)
{
  g_test_summary ("The largest message that fits one UDP datagram "
                  "is sent, one byte more is MESSAGE_TOO_LARGE");

  /* We accept messages of up to 64 KiB, and send at most what one UDP/IPv4
   * datagram can carry, 65507 bytes, in either dialect. */
  struct {
    DiscDialect dialect;
    const char *key;
    gsize       largest;  /* JSON bytes that still fit */
  } cases[] = {
    { DISC_DIALECT_WRAP, NULL, DISC_CODEC_MAX_DATAGRAM },
    { DISC_DIALECT_WRAP, "secret", 65503 },   /* padded to 65504; 65504 pads to 65520 */
    { DISC_DIALECT_PLAIN, NULL, DISC_CODEC_MAX_DATAGRAM },
  };

  g_assert_cmpint (DISC_CODEC_MAX_DATAGRAM, ==, 65507);
  g_assert_cmpint (DISC_FRAME_MAX_MESSAGE, ==, 65536);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DiscCodec) codec = codec_new (cases[i].dialect, "aes256", cases[i].key);
      g_autoptr(DiscEnvelope) fits = envelope_of_size (cases[i].dialect, cases[i].largest);
      g_autoptr(DiscEnvelope) over = envelope_of_size (cases[i].dialect, cases[i].largest + 1);
      g_autoptr(GPtrArray) datagrams = NULL;
      g_autoptr(GPtrArray) none = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("size limit: %s, %s", cases[i].dialect == DISC_DIALECT_WRAP ? "wrap" : "plain",
                      cases[i].key ? "encrypted" : "clear");
      datagrams = disc_codec_encode (codec, fits, &error);
      g_assert_no_error (error);
      g_assert_nonnull (datagrams);

      /* and it reads back */
      {
        g_autoptr(DiscCodec) reader = codec_new (cases[i].dialect, "aes256", cases[i].key);
        g_autoptr(GPtrArray) envelopes = envelope_array ();
        DiscStats stats = { 0 };

        if (cases[i].dialect == DISC_DIALECT_WRAP)
          g_assert_cmpuint (datagrams->len, ==, 45);
        g_assert_cmpint (decode_all (reader, datagrams, 0, envelopes, &stats), ==, -1);
        g_assert_cmpuint (envelopes->len, ==, 1);
        g_assert_cmpstr (json_node_get_string (((DiscEnvelope *) envelopes->pdata[0])->data), ==,
                         json_node_get_string (fits->data));
      }

      none = disc_codec_encode (codec, over, &error);
      g_assert_null (none);
      g_assert_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE);
    }

  /* node-discover's ciphertext grows on the wire: the limit is on the wire */
  {
    g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_PLAIN, "aes256", "secret");
    g_autoptr(DiscEnvelope) big = envelope_of_size (DISC_DIALECT_PLAIN, 60000);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = disc_codec_encode (codec, big, &error);

    g_assert_null (none);
    g_assert_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE);
  }
}

static void
test_block_size (void)
{
  JsonObject *m = find_message ("wrap-multiblock-4000");
  g_autoptr(DiscEnvelope) envelope = envelope_from_vector (m);
  g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_WRAP, "aes256", NULL);
  g_autoptr(DiscCodec) reader = codec_new (DISC_DIALECT_WRAP, "aes256", NULL);
  g_autoptr(GPtrArray) datagrams = NULL;
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  g_autoptr(GError) error = NULL;
  DiscStats stats = { 0 };

  g_test_summary ("A smaller block size makes more blocks that still reassemble, in any order");
  disc_codec_set_block_size (codec, 200);
  datagrams = disc_codec_encode (codec, envelope, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (datagrams->len, ==, (4000 + 163) / 164);
  for (guint i = 0; i < datagrams->len; i++)
    g_assert_cmpuint (g_bytes_get_size (datagrams->pdata[i]), <=, 200);
  /* backwards, for good measure */
  for (guint i = datagrams->len; i > 0; i--)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (datagrams->pdata[i - 1], &len);

      disc_codec_decode (reader, d, len, 0, envelopes, &stats);
    }
  g_assert_cmpuint (envelopes->len, ==, 1);
  assert_envelope_is (envelopes->pdata[0], json_object_get_object_member (m, "object"));
  g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
}

static void
test_datagram_limits (void)
{
  g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_WRAP, "aes256", NULL);
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  gsize big = DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE + 1;
  g_autofree guint8 *huge = g_malloc0 (big);
  DiscStats stats = { 0 };

  g_test_summary ("Empty and over-64-KiB datagrams are counted drops, whatever they look like");
  g_assert_cmpint (disc_codec_decode (codec, (const guint8 *) "", 0, 0, envelopes, &stats), ==,
                   DISC_DROP_MALFORMED_FRAME);
  g_assert_cmpint (disc_codec_decode (codec, huge, big, 0, envelopes, &stats), ==, DISC_DROP_OVERSIZED);
  memcpy (huge, "{\"event\"", 8);
  g_assert_cmpint (disc_codec_decode (codec, huge, big, 0, envelopes, &stats), ==, DISC_DROP_OVERSIZED);
  g_assert_cmpuint (stats.received, ==, 3);
  g_assert_cmpuint (stats.drops[DISC_DROP_MALFORMED_FRAME], ==, 1);
  g_assert_cmpuint (stats.drops[DISC_DROP_OVERSIZED], ==, 2);
  g_assert_cmpuint (envelopes->len, ==, 0);
}

static void
test_expire (void)
{
  JsonObject *m = find_message ("wrap-multiblock-aes256");
  g_autoptr(GPtrArray) datagrams = message_datagrams (m);
  g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_WRAP, message_algorithm (m), message_key (m));
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  DiscStats stats = { 0 };

  g_test_summary ("A partial encrypted message expires after the "
                  "reassembly timeout; its late blocks make nothing");
  disc_codec_decode (codec, g_bytes_get_data (datagrams->pdata[0], NULL),
                     g_bytes_get_size (datagrams->pdata[0]), 50, envelopes, &stats);
  g_assert_cmpuint (disc_codec_get_pending (codec), ==, 1);
  disc_codec_expire (codec, 50 + DISC_FRAME_TIMEOUT_MS - 1, &stats);
  g_assert_cmpuint (disc_codec_get_pending (codec), ==, 1);
  disc_codec_expire (codec, 50 + DISC_FRAME_TIMEOUT_MS, &stats);
  g_assert_cmpuint (disc_codec_get_pending (codec), ==, 0);
  assert_only_drop (&stats, DISC_DROP_REASSEMBLY_TIMEOUT, 1);
  /* the rest, late, make nothing */
  for (guint i = 1; i < datagrams->len; i++)
    disc_codec_decode (codec, g_bytes_get_data (datagrams->pdata[i], NULL),
                       g_bytes_get_size (datagrams->pdata[i]), 6000, envelopes, &stats);
  g_assert_cmpuint (envelopes->len, ==, 0);
}

/* --- garbage ---------------------------------------------------------------- */

static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  JsonArray *messages = vector_array ("messages");
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const guint n = 3000;

  g_test_summary ("Random and mangled datagrams, clear and keyed: "
                  "each is read, dropped or kept, never a crash");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      g_autoptr(GPtrArray) d = message_datagrams (json_array_get_object_element (messages, i));

      for (guint b = 0; b < d->len; b++)
        g_ptr_array_add (pool, g_bytes_ref (d->pdata[b]));
    }

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(DiscCodec) codec = codec_new (DISC_DIALECT_WRAP, "aes256", k == 0 ? NULL : "secret");
      g_autoptr(GPtrArray) envelopes = envelope_array ();
      DiscStats stats = { 0 };
      guint quiet = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GByteArray) d = g_byte_array_new ();
          guint kind = g_rand_int_range (rand, 0, 4);
          guint before_envelopes = envelopes->len;
          guint64 before_drops = disc_stats_drop_total (&stats);
          int ret;

          if (kind == 0)
            {
              /* noise, maybe looking like JSON or a frame */
              guint len = g_rand_int_range (rand, 0, 1500);
              static const char *starts[] = { "", "{", "{\"event\":", "WRAP", "[" };
              const char *start = starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (starts))];

              g_byte_array_append (d, (const guint8 *) start, strlen (start));
              for (guint j = 0; j < len; j++)
                {
                  guint8 byte = g_rand_int (rand);

                  g_byte_array_append (d, &byte, 1);
                }
            }
          else
            {
              /* a real datagram, mangled */
              GBytes *b = pool->pdata[g_rand_int_range (rand, 0, pool->len)];
              guint flips = g_rand_int_range (rand, kind == 1 ? 0 : 1, 5);

              g_byte_array_append (d, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
              for (guint j = 0; j < flips; j++)
                d->data[g_rand_int_range (rand, 0, d->len)] ^= 1 << g_rand_int_range (rand, 0, 8);
              if (kind == 3)
                g_byte_array_set_size (d, g_rand_int_range (rand, 0, d->len + 1));
            }

          ret = disc_codec_decode (codec, d->data, d->len, i * 10, envelopes, &stats);
          g_assert_cmpuint (stats.received, ==, i + 1);
          if (ret >= 0)
            g_assert_cmpuint (disc_stats_drop_total (&stats), >, before_drops);
          else if (disc_stats_drop_total (&stats) == before_drops && envelopes->len == before_envelopes)
            {
              /* neither read nor dropped: a block kept for later */
              g_assert_true (d->len > DISC_FRAME_HEADER_SIZE && memcmp (d->data, "WRAP", 4) == 0);
              g_assert_cmpuint (disc_codec_get_pending (codec), >=, 1);
              quiet++;
            }
        }
      g_test_message ("garbage (%s): %u envelopes, %u kept, %" G_GUINT64_FORMAT " drops",
                      k == 0 ? "clear" : "keyed", envelopes->len, quiet, disc_stats_drop_total (&stats));
      g_assert_cmpuint (disc_stats_drop_total (&stats), >, n / 2);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_vectors ();

  g_test_add_func ("/codec/decode/golden", test_decode_golden);
  g_test_add_func ("/codec/encode/golden", test_encode_golden);
  g_test_add_func ("/codec/wrong-key", test_wrong_key);
  g_test_add_func ("/codec/key-mismatch", test_key_mismatch);
  g_test_add_func ("/codec/plain-latin1", test_plain_latin1);
  g_test_add_func ("/codec/unknown-algorithm", test_unknown_algorithm);
  g_test_add_func ("/codec/too-large", test_too_large);
  g_test_add_func ("/codec/block-size", test_block_size);
  g_test_add_func ("/codec/datagram-limits", test_datagram_limits);
  g_test_add_func ("/codec/expire", test_expire);
  g_test_add_func ("/codec/garbage", test_garbage);

  {
    int ret = g_test_run ();

    json_node_unref (vectors);
    return ret;
  }
}
