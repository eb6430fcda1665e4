/* test-aead.c: aes-256-gcm packets, keyring, replay protection
 *
 * Also checks (or, with DISC_WRITE_AEAD_VECTORS=PATH, writes) the test
 * vectors in tests/vectors/aead.json: fixed nonces, sender, sequence,
 * timestamp and frame id, so the bytes are the same every time.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "disc-aead.h"
#include "disc-codec.h"
#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-frame.h"

#define T0 G_GINT64_CONSTANT (1700000000000)   /* 2023-11-14T22:13:20Z */

/* --- helpers ---------------------------------------------------------------- */

/* Each passphrase is derived once: PBKDF2 is slow on purpose. */
static const DiscAeadKey *
key_for (const char *passphrase)
{
  static GHashTable *cache;
  DiscAeadKey *key;

  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  key = g_hash_table_lookup (cache, passphrase);
  if (key == NULL)
    {
      key = g_new0 (DiscAeadKey, 1);
      disc_aead_derive_key (passphrase, key);
      g_hash_table_insert (cache, (gpointer) passphrase, key);
    }
  return key;
}

static DiscAead *
aead_with (const char *first, ...)
{
  DiscAeadKey keys[DISC_AEAD_MAX_KEYS];
  guint n = 0;
  va_list args;
  DiscAead *aead = disc_aead_new ();

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    keys[n++] = *key_for (p);
  va_end (args);
  g_assert_true (disc_aead_set_keys (aead, keys, n, NULL));
  return aead;
}

static gint64 fake_now;

static gint64
fake_clock (gpointer data)
{
  return fake_now;
}

static DiscCodec *
codec_with (DiscDialect dialect, const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  DiscCodec *codec = disc_codec_new_aead (dialect, key_for (passphrase), 1, &error);

  g_assert_no_error (error);
  disc_codec_set_wall_clock (codec, fake_clock, NULL);
  return codec;
}

static GPtrArray *
envelope_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
}

static DiscEnvelope *
sample_envelope (const char *event, gsize fill)
{
  g_autoptr(JsonNode) data = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = g_strnfill (fill, 'x');

  json_node_set_string (data, text);
  return disc_envelope_new (event, "0123456789abcdef0123456789abcdef",
                            "fedcba9876543210fedcba9876543210", "host", data);
}

static GPtrArray *
encode (DiscCodec *codec, const DiscEnvelope *envelope)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *datagrams = disc_codec_encode (codec, envelope, &error);

  g_assert_no_error (error);
  g_assert_nonnull (datagrams);
  return datagrams;
}

static int
decode (DiscCodec *codec, GBytes *datagram, GPtrArray *envelopes, DiscStats *stats)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (datagram, &len);

  return disc_codec_decode (codec, data, len, 0, envelopes, stats);
}

static int
open_reason (DiscAead *aead, GBytes *packet, gint64 now)
{
  DiscDropReason reason = DISC_DROP_N_REASONS;
  gsize len;
  const guint8 *data = g_bytes_get_data (packet, &len);
  g_autoptr(GBytes) plain = disc_aead_open (aead, data, len, now, &reason);

  return plain != NULL ? -1 : (int) reason;
}

static GBytes *
seal_text (DiscAead *aead, const char *text, gint64 now)
{
  GBytes *packet = disc_aead_seal (aead, (const guint8 *) text, strlen (text), now);

  g_assert_nonnull (packet);
  return packet;
}

/* --- the packet --------------------------------------------------------------- */

static void
test_kdf (void)
{
  DiscAeadKey a, b;

  g_test_summary ("The key derivation is deterministic per passphrase; "
                  "the algorithm name is matched without case");
  disc_aead_derive_key ("secret", &a);
  disc_aead_derive_key ("secret", &b);
  g_assert_cmpmem (a.key, sizeof a.key, b.key, sizeof b.key);
  g_assert_cmpmem (a.id, sizeof a.id, b.id, sizeof b.id);
  g_assert_cmpmem (a.key, sizeof a.key, key_for ("secret")->key, DISC_AEAD_KEY_SIZE);
  g_assert_true (memcmp (a.id, key_for ("other")->id, DISC_AEAD_KEY_ID_SIZE) != 0);
  g_assert_true (memcmp (a.key, key_for ("other")->key, DISC_AEAD_KEY_SIZE) != 0);
  g_assert_true (disc_aead_algorithm_is ("aes-256-gcm"));
  g_assert_true (disc_aead_algorithm_is ("AES-256-GCM"));
  g_assert_false (disc_aead_algorithm_is ("aes256"));
  g_assert_false (disc_aead_algorithm_is (NULL));
}

static void
test_roundtrip (void)
{
  g_autoptr(DiscAead) sender = aead_with ("secret", NULL);
  g_autoptr(DiscAead) receiver = aead_with ("secret", NULL);
  g_autoptr(GBytes) packet = seal_text (sender, "{\"hello\":1}", T0);
  DiscDropReason reason;
  gsize len;
  const guint8 *data = g_bytes_get_data (packet, &len);
  g_autoptr(GBytes) plain = disc_aead_open (receiver, data, len, T0 + 1000, &reason);

  g_test_summary ("A sealed packet opens to its plaintext; the same text twice gets fresh nonces");
  g_assert_cmpuint (len, ==, DISC_AEAD_OVERHEAD + 11);
  g_assert_true (disc_aead_is_packet (data, len));
  g_assert_cmpmem (data, 4, "\xff" "DAE", 4);
  g_assert_nonnull (plain);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), "{\"hello\":1}", 11);
  g_assert_cmpuint (disc_aead_get_n_senders (receiver), ==, 1);

  /* The same text twice: a fresh nonce, so different ciphertexts. */
  {
    g_autoptr(GBytes) again = seal_text (sender, "{\"hello\":1}", T0);

    g_assert_false (g_bytes_equal (packet, again));
  }
}

/* Every single-bit change is caught, and changes no state. */
static void
test_tamper (void)
{
  g_autoptr(DiscAead) sender = aead_with ("secret", NULL);
  g_autoptr(DiscAead) receiver = aead_with ("secret", NULL);
  g_autoptr(GBytes) packet = seal_text (sender, "{\"event\":\"hello\"}", T0);
  gsize len;
  const guint8 *data = g_bytes_get_data (packet, &len);
  guint counts[DISC_DROP_N_REASONS + 1] = { 0, };

  g_test_summary ("Every single-bit change and every truncation is refused, and records no state");
  for (gsize i = 0; i < len; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autofree guint8 *copy = g_memdup2 (data, len);
        g_autoptr(GBytes) mangled = NULL;
        int reason;

        copy[i] ^= 1 << bit;
        mangled = g_bytes_new (copy, len);
        reason = open_reason (receiver, mangled, T0);
        g_assert_cmpint (reason, >=, 0);
        if (i < 6)   /* magic, version, flags */
          g_assert_cmpint (reason, ==, DISC_DROP_MALFORMED_FRAME);
        else if (i < 14)   /* key id */
          g_assert_cmpint (reason, ==, DISC_DROP_DECRYPT);
        else
          g_assert_cmpint (reason, ==, DISC_DROP_AUTHENTICATION);
        counts[reason]++;
      }
  g_assert_cmpuint (counts[DISC_DROP_AUTHENTICATION], ==, (len - 14) * 8);
  g_assert_cmpuint (disc_aead_get_n_senders (receiver), ==, 0);

  /* Truncated anywhere */
  for (gsize cut = 0; cut < len; cut++)
    {
      DiscDropReason reason;
      g_autoptr(GBytes) plain = disc_aead_open (receiver, data, cut, T0, &reason);

      g_assert_null (plain);
    }

  /* The original still opens: nothing above was recorded. */
  g_assert_cmpint (open_reason (receiver, packet, T0), ==, -1);

  /* Another key: not in the ring. */
  {
    g_autoptr(DiscAead) stranger = aead_with ("other", NULL);

    g_assert_cmpint (open_reason (stranger, packet, T0), ==, DISC_DROP_DECRYPT);
  }
}

static void
test_replay (void)
{
  g_autoptr(DiscAead) sender = aead_with ("secret", NULL);
  g_autoptr(DiscAead) receiver = aead_with ("secret", NULL);
  g_autoptr(GPtrArray) packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_test_summary ("Each sequence number is accepted once within a 64-packet window, in any order");
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (packets, seal_text (sender, "{}", T0));

  /* in order, then each again */
  g_assert_cmpint (open_reason (receiver, packets->pdata[10], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[10], T0), ==, DISC_DROP_REPLAY);
  /* reordered within the window: accepted once */
  g_assert_cmpint (open_reason (receiver, packets->pdata[12], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[11], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[11], T0), ==, DISC_DROP_REPLAY);
  /* older than the first one seen, but within 64 of the newest */
  g_assert_cmpint (open_reason (receiver, packets->pdata[5], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[5], T0), ==, DISC_DROP_REPLAY);
  /* jump ahead: 12 is now more than 64 behind */
  g_assert_cmpint (open_reason (receiver, packets->pdata[150], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[13], T0), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, packets->pdata[150 - 63], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[150 - 64], T0), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, packets->pdata[199], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[150], T0), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, packets->pdata[151], T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, packets->pdata[150 - 63], T0), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, packets->pdata[198], T0), ==, -1);
}

static void
test_time_window (void)
{
  g_autoptr(DiscAead) sender = aead_with ("secret", NULL);
  g_autoptr(DiscAead) receiver = aead_with ("secret", NULL);
  g_autoptr(GBytes) p1 = seal_text (sender, "{}", T0);
  g_autoptr(GBytes) p2 = seal_text (sender, "{}", T0);
  g_autoptr(GBytes) p3 = seal_text (sender, "{}", T0);
  g_autoptr(GBytes) p4 = seal_text (sender, "{}", T0);
  g_autoptr(GBytes) p5 = seal_text (sender, "{}", -5);

  g_test_summary ("A packet outside the time window is refused and records nothing");
  g_assert_cmpint (open_reason (receiver, p1, T0 + DISC_AEAD_REPLAY_WINDOW_MS + 1), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, p1, T0 - DISC_AEAD_REPLAY_WINDOW_MS - 1), ==, DISC_DROP_REPLAY);
  /* a stale packet records nothing: the same one on time is accepted */
  g_assert_cmpint (open_reason (receiver, p1, T0 + DISC_AEAD_REPLAY_WINDOW_MS), ==, -1);
  g_assert_cmpint (open_reason (receiver, p2, T0 - DISC_AEAD_REPLAY_WINDOW_MS), ==, -1);
  g_assert_cmpint (open_reason (receiver, p3, T0), ==, -1);
  g_assert_cmpint (open_reason (receiver, p4, G_MAXINT64), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (open_reason (receiver, p5, 0), ==, -1);
}

static void
set_sender_id (DiscAead *aead, guint32 n)
{
  guint8 id[DISC_AEAD_SENDER_SIZE] = { 0, };

  memcpy (id, &n, sizeof n);
  disc_aead_set_sender (aead, id, 1);
}

/* Many senders: the table stays bounded, evicting the least recently heard. */
static void
test_senders_bounded (void)
{
  g_autoptr(DiscAead) sender = aead_with ("secret", NULL);
  g_autoptr(DiscAead) receiver = aead_with ("secret", NULL);
  g_autoptr(GBytes) first = NULL;

  g_test_summary ("The replay table of senders is bounded, forgetting the least recently heard");
  set_sender_id (sender, 0);
  first = seal_text (sender, "{}", T0);
  g_assert_cmpint (open_reason (receiver, first, T0), ==, -1);
  for (guint32 i = 1; i <= DISC_AEAD_MAX_SENDERS + 100; i++)
    {
      g_autoptr(GBytes) packet = NULL;

      set_sender_id (sender, i);
      packet = seal_text (sender, "{}", T0);
      g_assert_cmpint (open_reason (receiver, packet, T0), ==, -1);
      g_assert_cmpuint (disc_aead_get_n_senders (receiver), <=, DISC_AEAD_MAX_SENDERS);
    }
  g_assert_cmpuint (disc_aead_get_n_senders (receiver), ==, DISC_AEAD_MAX_SENDERS);
  /* Sender 0 was evicted: its packet within the time window is accepted
   * again. The documented cost of a bounded table. */
  g_assert_cmpint (open_reason (receiver, first, T0), ==, -1);
}

/* Rotation as Serf does it: install, use, remove; nothing lost. */
static void
test_keyring (void)
{
  g_autoptr(DiscAead) a = aead_with ("old", NULL);
  g_autoptr(DiscAead) b = aead_with ("old", NULL);
  g_autoptr(GBytes) p_old = NULL, p_new = NULL, p_late_old = NULL;
  DiscAeadKey both_b[2] = { *key_for ("old"), *key_for ("new") };
  DiscAeadKey both_a[2] = { *key_for ("new"), *key_for ("old") };
  DiscAeadKey only_new = *key_for ("new");

  g_test_summary ("Serf's rotation: install, use, remove; old-key "
                  "packets refused after removal; at most 16 keys");
  p_old = seal_text (a, "{\"n\":1}", T0);
  /* 1. install the new key on b (old still primary) */
  g_assert_true (disc_aead_set_keys (b, both_b, 2, NULL));
  g_assert_cmpint (open_reason (b, p_old, T0), ==, -1);
  /* 2. a uses the new key; b still accepts it */
  g_assert_true (disc_aead_set_keys (a, both_a, 2, NULL));
  p_new = seal_text (a, "{\"n\":2}", T0);
  g_assert_cmpint (open_reason (b, p_new, T0), ==, -1);
  /* 3. b removes the old key: the old key's packets are refused */
  g_assert_true (disc_aead_set_keys (b, &only_new, 1, NULL));
  {
    g_autoptr(DiscAead) c = aead_with ("old", NULL);

    set_sender_id (c, 99);
    p_late_old = seal_text (c, "{\"n\":3}", T0);
  }
  g_assert_cmpint (open_reason (b, p_late_old, T0), ==, DISC_DROP_DECRYPT);

  g_assert_false (disc_aead_set_keys (b, both_b, 0, NULL));
  {
    DiscAeadKey many[DISC_AEAD_MAX_KEYS + 1] = { 0, };
    g_autoptr(GError) error = NULL;

    g_assert_false (disc_aead_set_keys (b, many, G_N_ELEMENTS (many), &error));
    g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  }
  g_assert_cmpuint (disc_aead_get_n_keys (b), ==, 1);
}

/* --- through the codec ---------------------------------------------------------- */

static void
test_codec_roundtrip (void)
{
  g_test_summary ("Through the codec, both dialects, up to 60 KB, "
                  "delivered in reverse: read once, then replays dropped");

  for (guint d = 0; d < 2; d++)
    {
      DiscDialect dialect = d == 0 ? DISC_DIALECT_WRAP : DISC_DIALECT_PLAIN;
      g_autoptr(DiscCodec) tx = codec_with (dialect, "secret");
      g_autoptr(DiscCodec) rx = codec_with (d == 0 ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP, "secret");
      gsize sizes[] = { 10, 1400, 5000, 60000 };

      fake_now = T0;
      g_assert_true (disc_codec_is_authenticated (tx));
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autoptr(DiscEnvelope) envelope = sample_envelope ("chat", sizes[s]);
          g_autoptr(GPtrArray) datagrams = encode (tx, envelope);
          g_autoptr(GPtrArray) envelopes = envelope_array ();
          DiscStats stats = { 0 };

          if (dialect == DISC_DIALECT_PLAIN)
            g_assert_cmpuint (datagrams->len, ==, 1);
          /* Deliver in reverse order: reassembly and the sequence window cope. */
          for (guint i = datagrams->len; i > 0; i--)
            {
              gsize len;

              g_bytes_get_data (datagrams->pdata[i - 1], &len);
              g_assert_true (disc_aead_is_packet (g_bytes_get_data (datagrams->pdata[i - 1], NULL), len));
              if (dialect == DISC_DIALECT_WRAP)
                g_assert_cmpuint (len, <=, DISC_FRAME_BLOCK_SIZE);
              decode (rx, datagrams->pdata[i - 1], envelopes, &stats);
            }
          g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
          g_assert_cmpuint (envelopes->len, ==, 1);
          g_assert_cmpstr (((DiscEnvelope *) envelopes->pdata[0])->event, ==, "chat");
          g_assert_true (json_node_equal (((DiscEnvelope *) envelopes->pdata[0])->data, envelope->data));

          /* and every datagram again: all replays */
          for (guint i = 0; i < datagrams->len; i++)
            g_assert_cmpint (decode (rx, datagrams->pdata[i], envelopes, &stats), ==, DISC_DROP_REPLAY);
          g_assert_cmpuint (stats.drops[DISC_DROP_REPLAY], ==, datagrams->len);
          g_assert_cmpuint (envelopes->len, ==, 1);
        }
    }
}

static void
test_codec_too_large (void)
{
  g_autoptr(DiscCodec) plain = codec_with (DISC_DIALECT_PLAIN, "secret");
  g_autoptr(DiscEnvelope) envelope = sample_envelope ("big", 65507);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datagrams = disc_codec_encode (plain, envelope, &error);

  g_test_summary ("In node-discover's dialect, a message too large "
                  "for one datagram once sealed is MESSAGE_TOO_LARGE");
  g_assert_null (datagrams);
  g_assert_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE);
}

/* A keyed codec accepts nothing unauthenticated; the others cannot read it. */
static void
test_codec_modes (void)
{
  g_autoptr(DiscCodec) gcm = codec_with (DISC_DIALECT_WRAP, "secret");
  g_autoptr(DiscCodec) clear = disc_codec_new (DISC_DIALECT_WRAP, NULL, NULL, NULL);
  g_autoptr(DiscCodec) legacy = disc_codec_new (DISC_DIALECT_WRAP, "aes256", "secret", NULL);
  g_autoptr(DiscCodec) clear_plain = disc_codec_new (DISC_DIALECT_PLAIN, NULL, NULL, NULL);
  g_autoptr(DiscEnvelope) envelope = sample_envelope ("hello", 10);
  g_autoptr(GPtrArray) from_gcm = NULL, from_clear = NULL, from_legacy = NULL, from_plain = NULL;
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  DiscStats stats = { 0 };

  g_test_summary ("A keyed codec accepts nothing unauthenticated; "
                  "clear and legacy codecs cannot read its packets");
  fake_now = T0 + 5;
  from_gcm = encode (gcm, envelope);
  from_clear = encode (clear, envelope);
  from_legacy = encode (legacy, envelope);
  from_plain = encode (clear_plain, envelope);

  g_assert_cmpint (decode (gcm, from_clear->pdata[0], envelopes, &stats), ==, DISC_DROP_AUTHENTICATION);
  g_assert_cmpint (decode (gcm, from_legacy->pdata[0], envelopes, &stats), ==, DISC_DROP_AUTHENTICATION);
  g_assert_cmpint (decode (gcm, from_plain->pdata[0], envelopes, &stats), ==, DISC_DROP_AUTHENTICATION);
  g_assert_cmpint (decode (clear, from_gcm->pdata[0], envelopes, &stats), ==, DISC_DROP_DECRYPT);
  g_assert_cmpint (decode (legacy, from_gcm->pdata[0], envelopes, &stats), ==, DISC_DROP_DECRYPT);
  g_assert_cmpint (decode (clear_plain, from_gcm->pdata[0], envelopes, &stats), ==, DISC_DROP_DECRYPT);
  g_assert_cmpuint (envelopes->len, ==, 0);
  g_assert_cmpint (decode (gcm, from_gcm->pdata[0], envelopes, &stats), ==, -1);
  g_assert_cmpuint (envelopes->len, ==, 1);
  g_assert_cmpuint (disc_codec_get_pending (gcm), ==, 0);
}

/* Inside a packet: a WRAP block or JSON, never another packet or nothing. */
static void
test_codec_inner (void)
{
  g_autoptr(DiscCodec) rx = codec_with (DISC_DIALECT_WRAP, "secret");
  g_autoptr(DiscAead) tx = aead_with ("secret", NULL);
  g_autoptr(GBytes) inner = seal_text (tx, "{}", T0);
  g_autoptr(GBytes) twice = disc_aead_seal (tx, g_bytes_get_data (inner, NULL), g_bytes_get_size (inner), T0);
  g_autoptr(GBytes) empty = disc_aead_seal (tx, (const guint8 *) "", 0, T0);
  g_autoptr(GBytes) not_json = seal_text (tx, "WRAP", T0);
  g_autoptr(GBytes) json_array = seal_text (tx, "[1]", T0);
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  DiscStats stats = { 0 };

  g_test_summary ("Inside a packet only a WRAP block or JSON is accepted, never another packet or nothing");
  fake_now = T0;
  g_assert_cmpint (decode (rx, twice, envelopes, &stats), ==, DISC_DROP_MALFORMED_FRAME);
  g_assert_cmpint (decode (rx, empty, envelopes, &stats), ==, DISC_DROP_MALFORMED_FRAME);
  g_assert_cmpint (decode (rx, not_json, envelopes, &stats), ==, DISC_DROP_MALFORMED_FRAME);
  g_assert_cmpint (decode (rx, json_array, envelopes, &stats), ==, DISC_DROP_ENVELOPE);
  g_assert_cmpuint (envelopes->len, ==, 0);
}

/* Keys change while packets flow; the replay state survives. */
static void
test_codec_live_keys (void)
{
  g_autoptr(DiscCodec) tx = codec_with (DISC_DIALECT_WRAP, "old");
  g_autoptr(DiscCodec) rx = codec_with (DISC_DIALECT_WRAP, "old");
  g_autoptr(DiscCodec) clear = disc_codec_new (DISC_DIALECT_WRAP, NULL, NULL, NULL);
  g_autoptr(DiscEnvelope) envelope = sample_envelope ("hello", 10);
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  g_autoptr(GPtrArray) first = NULL, second = NULL;
  DiscAeadKey rx_keys[2] = { *key_for ("old"), *key_for ("new") };
  DiscAeadKey tx_keys[1] = { *key_for ("new") };
  g_autoptr(GError) error = NULL;
  DiscStats stats = { 0 };

  g_test_summary ("Keys change while packets flow and the replay "
                  "state survives; a clear codec takes no keys");
  fake_now = T0;
  first = encode (tx, envelope);
  g_assert_true (disc_codec_set_aead_keys (rx, rx_keys, 2, NULL));
  g_assert_true (disc_codec_set_aead_keys (tx, tx_keys, 1, NULL));
  second = encode (tx, envelope);
  g_assert_cmpint (decode (rx, first->pdata[0], envelopes, &stats), ==, -1);
  g_assert_cmpint (decode (rx, second->pdata[0], envelopes, &stats), ==, -1);
  g_assert_cmpint (decode (rx, first->pdata[0], envelopes, &stats), ==, DISC_DROP_REPLAY);
  g_assert_cmpuint (envelopes->len, ==, 2);

  g_assert_false (disc_codec_set_aead_keys (clear, tx_keys, 1, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
}

/* disc_codec_new derives the key itself from the passphrase. */
static void
test_codec_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscCodec) a = disc_codec_new (DISC_DIALECT_WRAP, "AES-256-GCM", "secret", &error);
  g_autoptr(DiscCodec) b = codec_with (DISC_DIALECT_WRAP, "secret");
  g_autoptr(DiscCodec) none = disc_codec_new (DISC_DIALECT_WRAP, "aes-256-gcm", NULL, &error);
  g_autoptr(DiscEnvelope) envelope = sample_envelope ("hello", 10);
  g_autoptr(GPtrArray) datagrams = NULL;
  g_autoptr(GPtrArray) envelopes = envelope_array ();
  DiscStats stats = { 0 };

  g_test_summary ("disc_codec_new derives the key from the passphrase itself");
  g_assert_no_error (error);
  g_assert_true (disc_codec_is_authenticated (a));
  g_assert_false (disc_codec_is_authenticated (none));
  datagrams = encode (a, envelope);
  fake_now = g_get_real_time () / 1000;
  g_assert_cmpint (decode (b, datagrams->pdata[0], envelopes, &stats), ==, -1);
}

/* --- vectors --------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *passphrase;
  DiscDialect dialect;
  const char *event;
  gsize       fill;
} VectorSpec;

static const VectorSpec vector_specs[] = {
  { "gcm-wrap-hello", "secret", DISC_DIALECT_WRAP, "hello", 0 },
  { "gcm-plain-hello", "secret", DISC_DIALECT_PLAIN, "hello", 0 },
  { "gcm-wrap-channel-utf8-key", "pässwörd ✓", DISC_DIALECT_WRAP, "config-updates", 16 },
  { "gcm-wrap-multiblock", "secret", DISC_DIALECT_WRAP, "big", 3000 },
};

static const guint8 vector_sender[DISC_AEAD_SENDER_SIZE] = {
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const guint8 vector_frame_id[DISC_FRAME_ID_SIZE] = {
  0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
};

/* Nonces 000102030405060708090a00, …0a01, …: never do this outside tests. */
static void
counting_nonce (guint8 *nonce, gpointer data)
{
  guint *counter = data;

  for (guint i = 0; i < DISC_AEAD_NONCE_SIZE; i++)
    nonce[i] = i;
  nonce[DISC_AEAD_NONCE_SIZE - 1] = (*counter)++;
}

static void
fixed_frame_id (guint8 *id, gpointer data)
{
  memcpy (id, vector_frame_id, DISC_FRAME_ID_SIZE);
}

static char *
to_hex (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

static DiscEnvelope *
vector_envelope (const VectorSpec *spec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  json_builder_begin_object (builder);
  if (g_str_equal (spec->event, "hello"))
    {
      json_builder_set_member_name (builder, "isMaster");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "isMasterEligible");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_double_value (builder, 0.5);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, "10.0.0.7");
    }
  else
    {
      g_autofree char *text = g_strnfill (spec->fill, 'z');

      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "ü");
      json_builder_add_int_value (builder, 1);
    }
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  return disc_envelope_new (spec->event, "0123456789abcdef0123456789abcdef",
                            "fedcba9876543210fedcba9876543210", "vectors-host", data);
}

static JsonNode *
make_vectors (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *passphrases[] = { "secret", "pässwörd ✓", "correct horse battery staple" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, "libdisc aes-256-gcm packets (doc/protocol.md section 8), "
                                    "made by tests/unit/test-aead.c with fixed nonces, sender, "
                                    "sequence, timestamp and frame id. Hex throughout.");
  json_builder_set_member_name (b, "kdf");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "algorithm");
  json_builder_add_string_value (b, "PBKDF2-HMAC-SHA256");
  json_builder_set_member_name (b, "salt");
  json_builder_add_string_value (b, DISC_AEAD_KDF_SALT);
  json_builder_set_member_name (b, "iterations");
  json_builder_add_int_value (b, DISC_AEAD_KDF_ITERATIONS);
  json_builder_set_member_name (b, "key_id_label");
  json_builder_add_string_value (b, DISC_AEAD_KEY_ID_LABEL);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "keys");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (passphrases); i++)
    {
      const DiscAeadKey *key = key_for (passphrases[i]);
      g_autofree char *key_hex = to_hex (key->key, DISC_AEAD_KEY_SIZE);
      g_autofree char *id_hex = to_hex (key->id, DISC_AEAD_KEY_ID_SIZE);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "passphrase");
      json_builder_add_string_value (b, passphrases[i]);
      json_builder_set_member_name (b, "key_hex");
      json_builder_add_string_value (b, key_hex);
      json_builder_set_member_name (b, "key_id_hex");
      json_builder_add_string_value (b, id_hex);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "packets");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (vector_specs); i++)
    {
      const VectorSpec *spec = &vector_specs[i];
      g_autoptr(DiscCodec) codec = codec_with (spec->dialect, spec->passphrase);
      g_autoptr(DiscEnvelope) envelope = vector_envelope (spec);
      g_autoptr(GPtrArray) datagrams = NULL;
      g_autofree char *json = NULL;
      g_autofree char *sender_hex = to_hex (vector_sender, sizeof vector_sender);
      g_autofree char *frame_hex = to_hex (vector_frame_id, sizeof vector_frame_id);
      gsize json_len;
      guint counter = 0;

      fake_now = T0;
      disc_aead_set_nonce_func (disc_codec_get_aead (codec), counting_nonce, &counter);
      disc_aead_set_sender (disc_codec_get_aead (codec), vector_sender, 1);
      disc_codec_set_frame_id_func (codec, fixed_frame_id, NULL);
      datagrams = encode (codec, envelope);
      json = disc_envelope_to_json (envelope, spec->dialect, &json_len);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, spec->name);
      json_builder_set_member_name (b, "passphrase");
      json_builder_add_string_value (b, spec->passphrase);
      json_builder_set_member_name (b, "dialect");
      json_builder_add_string_value (b, spec->dialect == DISC_DIALECT_WRAP ? "wrap" : "plain");
      json_builder_set_member_name (b, "block_size");
      json_builder_add_int_value (b, DISC_FRAME_BLOCK_SIZE);
      json_builder_set_member_name (b, "timestamp_ms");
      json_builder_add_int_value (b, T0);
      json_builder_set_member_name (b, "first_sequence");
      json_builder_add_int_value (b, 1);
      json_builder_set_member_name (b, "sender_hex");
      json_builder_add_string_value (b, sender_hex);
      json_builder_set_member_name (b, "frame_id_hex");
      json_builder_add_string_value (b, spec->dialect == DISC_DIALECT_WRAP ? frame_hex : "");
      json_builder_set_member_name (b, "json");
      json_builder_add_string_value (b, json);
      json_builder_set_member_name (b, "datagrams_hex");
      json_builder_begin_array (b);
      for (guint d = 0; d < datagrams->len; d++)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (datagrams->pdata[d], &len);
          g_autofree char *hex = to_hex (data, len);

          json_builder_add_string_value (b, hex);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
vectors_path (void)
{
  const char *dir = g_getenv ("VECTORS_DIR");

  if (dir != NULL)
    return g_build_filename (dir, "aead.json", NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "vectors", "aead.json", NULL);
}

static void
test_vectors (void)
{
  g_autoptr(JsonNode) made = make_vectors ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vectors_path ();
  const char *out = g_getenv ("DISC_WRITE_AEAD_VECTORS");
  JsonArray *packets;

  g_test_summary ("tests/vectors/aead.json is exactly what this build makes, and each vector decodes");
  json_generator_set_root (generator, made);
  json_generator_set_pretty (generator, TRUE);
  if (out != NULL)
    {
      g_autofree char *text = json_generator_to_data (generator, NULL);
      g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

      g_assert_true (g_file_set_contents (out, with_newline, -1, &error));
      g_test_message ("wrote %s", out);
    }

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  if (!json_node_equal (json_parser_get_root (parser), made))
    g_error ("%s does not match what this build makes; regenerate it with "
             "DISC_WRITE_AEAD_VECTORS=%s if the format changed on purpose", path, path);

  /* And every vector decodes, in a codec with its key, at its time. */
  packets = json_object_get_array_member (json_node_get_object (made), "packets");
  for (guint i = 0; i < json_array_get_length (packets); i++)
    {
      JsonObject *p = json_array_get_object_element (packets, i);
      JsonArray *hexes = json_object_get_array_member (p, "datagrams_hex");
      g_autoptr(DiscCodec) rx = codec_with (DISC_DIALECT_WRAP, json_object_get_string_member (p, "passphrase"));
      g_autoptr(GPtrArray) envelopes = envelope_array ();
      DiscStats stats = { 0 };

      fake_now = T0 + 29000;
      for (guint d = 0; d < json_array_get_length (hexes); d++)
        {
          const char *hex = json_array_get_string_element (hexes, d);
          gsize len = strlen (hex) / 2;
          g_autofree guint8 *bytes = g_malloc (len);

          for (gsize k = 0; k < len; k++)
            bytes[k] = g_ascii_xdigit_value (hex[2 * k]) << 4 | g_ascii_xdigit_value (hex[2 * k + 1]);
          disc_codec_decode (rx, bytes, len, 0, envelopes, &stats);
        }
      g_assert_cmpuint (disc_stats_drop_total (&stats), ==, 0);
      g_assert_cmpuint (envelopes->len, ==, 1);
    }
  /* the multi-block vector is several sealed blocks */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (packets, 3), "datagrams_hex")), >, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aead/kdf", test_kdf);
  g_test_add_func ("/aead/roundtrip", test_roundtrip);
  g_test_add_func ("/aead/tamper", test_tamper);
  g_test_add_func ("/aead/replay", test_replay);
  g_test_add_func ("/aead/time-window", test_time_window);
  g_test_add_func ("/aead/senders-bounded", test_senders_bounded);
  g_test_add_func ("/aead/keyring", test_keyring);
  g_test_add_func ("/aead/codec/roundtrip", test_codec_roundtrip);
  g_test_add_func ("/aead/codec/too-large", test_codec_too_large);
  g_test_add_func ("/aead/codec/modes", test_codec_modes);
  g_test_add_func ("/aead/codec/inner", test_codec_inner);
  g_test_add_func ("/aead/codec/live-keys", test_codec_live_keys);
  g_test_add_func ("/aead/codec/new", test_codec_new);
  g_test_add_func ("/aead/vectors", test_vectors);

  return g_test_run ();
}
