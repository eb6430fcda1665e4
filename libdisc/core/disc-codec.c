/* disc-codec.c: the whole packet pipeline, without sockets
 *
 * Out: envelope → JSON → (encrypt) → WRAP blocks (wrap dialect)
 *                                  → one datagram (plain dialect).
 * In:  either dialect is accepted, whichever we send: a datagram starting
 *      with "WRAP" is a node-discovery 0.2 block, anything else is a bare
 *      node-discover 1.x message.
 *
 * node-discover 1.x encrypts to a "binary" (Latin-1) string and then sends
 * Buffer.from(string), which is UTF-8: every ciphertext byte of 0x80 or more
 * goes out as two bytes. We undo and redo exactly that.
 *
 * With "aes-256-gcm" (disc-aead.c) each datagram the clear pipeline would
 * send, a WRAP block or a bare JSON message, is sealed on its own: frame
 * first, then encrypt. So every datagram is authenticated before anything
 * looks at it, and a partial message can only be started by a key holder.
 * Such a codec accepts nothing else.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-codec"

#include "config.h"

#include <string.h>

#include "disc-aead.h"
#include "disc-codec.h"
#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-frame.h"
#include "disc-legacy-cipher.h"
#include "disc-wipe.h"

struct _DiscCodec
{
  DiscDialect       dialect;
  DiscLegacyCipher *cipher;    /* nullable: no legacy encryption */
  DiscAead         *aead;      /* nullable: no aes-256-gcm */
  gint64          (*wall_clock) (gpointer data);
  gpointer          wall_clock_data;
  DiscReassembler  *reassembler;
  gsize             block_size;
  void            (*frame_id_func) (guint8 *id, gpointer data);
  gpointer          frame_id_data;
  JsonParser       *parser;    /* immutable, reused for every datagram */
};

static void
random_frame_id (guint8  *id,
                 gpointer data)
{
  for (guint i = 0; i < DISC_FRAME_ID_SIZE; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (id + i, &r, 4);
    }
}

static gint64
real_wall_clock (gpointer data)
{
  return g_get_real_time () / 1000;
}

DiscCodec *
disc_codec_new (DiscDialect  dialect,
                const char  *algorithm,
                const char  *key,
                GError     **error)
{
  g_autoptr(DiscCodec) self = g_new0 (DiscCodec, 1);

  self->dialect = dialect;
  self->block_size = DISC_FRAME_BLOCK_SIZE;
  self->frame_id_func = random_frame_id;
  self->wall_clock = real_wall_clock;
  self->parser = json_parser_new_immutable ();
  self->reassembler = disc_reassembler_new (DISC_FRAME_MAX_PENDING,
                                            DISC_FRAME_MAX_PENDING_BYTES,
                                            DISC_FRAME_TIMEOUT_MS);
  if (key != NULL && disc_aead_algorithm_is (algorithm))
    {
      DiscAeadKey derived;
      gboolean ok;

      disc_aead_derive_key (key, &derived);
      self->aead = disc_aead_new ();
      ok = disc_aead_set_keys (self->aead, &derived, 1, error);
      disc_wipe (&derived, sizeof derived);
      if (!ok)
        return NULL;
    }
  else if (key != NULL)
    {
      self->cipher = disc_legacy_cipher_new (algorithm, key, error);
      if (self->cipher == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* aes-256-gcm with keys already derived; keys[0] seals. */
DiscCodec *
disc_codec_new_aead (DiscDialect        dialect,
                     const DiscAeadKey *keys,
                     guint              n_keys,
                     GError           **error)
{
  g_autoptr(DiscCodec) self = disc_codec_new (dialect, NULL, NULL, error);

  self->aead = disc_aead_new ();
  if (!disc_aead_set_keys (self->aead, keys, n_keys, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
disc_codec_free (DiscCodec *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->cipher, disc_legacy_cipher_free);
  g_clear_pointer (&self->aead, disc_aead_free);
  g_clear_pointer (&self->reassembler, disc_reassembler_free);
  g_clear_object (&self->parser);
  g_free (self);
}

DiscDialect
disc_codec_get_dialect (DiscCodec *self)
{
  return self->dialect;
}

void
disc_codec_set_block_size (DiscCodec *self,
                           gsize      block_size)
{
  g_return_if_fail (block_size > DISC_FRAME_HEADER_SIZE);
  self->block_size = block_size;
}

/* aes-256-gcm only: replaces the keyring at run time (keys[0] seals).
 * Senders' replay state is kept. */
gboolean
disc_codec_set_aead_keys (DiscCodec         *self,
                          const DiscAeadKey *keys,
                          guint              n_keys,
                          GError           **error)
{
  if (self->aead == NULL)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM,
                   "algorithm: a keyring needs the aes-256-gcm algorithm and a key");
      return FALSE;
    }
  return disc_aead_set_keys (self->aead, keys, n_keys, error);
}

gboolean
disc_codec_is_authenticated (DiscCodec *self)
{
  return self->aead != NULL;
}

/* For tests: NULL, or the aes-256-gcm state, to fix nonces and senders. */
DiscAead *
disc_codec_get_aead (DiscCodec *self)
{
  return self->aead;
}

void
disc_codec_set_wall_clock (DiscCodec *self,
                           gint64   (*func) (gpointer data),
                           gpointer   data)
{
  self->wall_clock = func ? func : real_wall_clock;
  self->wall_clock_data = data;
}

/* For tests that compare against recorded frames. */
void
disc_codec_set_frame_id_func (DiscCodec *self,
                              void     (*func) (guint8 *id, gpointer data),
                              gpointer   data)
{
  self->frame_id_func = func ? func : random_frame_id;
  self->frame_id_data = data;
}

static GBytes *
latin1_to_utf8 (GBytes *bytes)
{
  gsize len;
  const guint8 *in = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    {
      if (in[i] < 0x80)
        g_byte_array_append (out, &in[i], 1);
      else
        {
          guint8 pair[2] = { 0xc0 | (in[i] >> 6), 0x80 | (in[i] & 0x3f) };

          g_byte_array_append (out, pair, 2);
        }
    }
  return g_byte_array_free_to_bytes (out);
}

/* NULL when the text is not UTF-8 of code points up to U+00FF. */
static GBytes *
utf8_to_latin1 (const guint8 *in,
                gsize         len)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      guint8 byte = in[i];

      if (in[i] >= 0x80)
        {
          if ((in[i] & 0xfe) != 0xc2 || i + 1 >= len || (in[i + 1] & 0xc0) != 0x80)
            return NULL;
          byte = ((in[i] & 0x03) << 6) | (in[i + 1] & 0x3f);
          i++;
        }
      g_byte_array_append (out, &byte, 1);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* aes-256-gcm: what the clear pipeline would send, each datagram sealed. */
static GPtrArray *
encode_sealed (DiscCodec          *self,
               const DiscEnvelope *envelope,
               const guint8       *data,
               gsize               len,
               GError            **error)
{
  g_autoptr(GPtrArray) clear = NULL;
  g_autoptr(GPtrArray) sealed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize limit = self->dialect == DISC_DIALECT_WRAP ? DISC_FRAME_MAX_MESSAGE
                                                   : DISC_CODEC_MAX_DATAGRAM - DISC_AEAD_OVERHEAD;
  gint64 now = self->wall_clock (self->wall_clock_data);

  if (len > limit)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE,
                   "the “%s” message is %" G_GSIZE_FORMAT " bytes of JSON; the limit is %" G_GSIZE_FORMAT,
                   envelope->event, len, limit);
      return NULL;
    }

  if (self->dialect == DISC_DIALECT_WRAP)
    {
      guint8 id[DISC_FRAME_ID_SIZE];
      /* Sealed blocks stay within the block size. */
      gsize block_size = self->block_size > DISC_AEAD_OVERHEAD + DISC_FRAME_HEADER_SIZE
                         ? self->block_size - DISC_AEAD_OVERHEAD : DISC_FRAME_HEADER_SIZE + 1;

      self->frame_id_func (id, self->frame_id_data);
      clear = disc_frame_wrap (data, len, id, block_size);
    }
  else
    {
      clear = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_ptr_array_add (clear, g_bytes_new (data, len));
    }

  for (guint i = 0; i < clear->len; i++)
    {
      gsize clear_len;
      const guint8 *clear_data = g_bytes_get_data (clear->pdata[i], &clear_len);
      GBytes *packet = disc_aead_seal (self->aead, clear_data, clear_len, now);

      if (packet == NULL)
        {
          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK, "encryption failed");
          return NULL;
        }
      g_ptr_array_add (sealed, packet);
    }
  return g_steal_pointer (&sealed);
}

GPtrArray *
disc_codec_encode (DiscCodec          *self,
                   const DiscEnvelope *envelope,
                   GError            **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) payload = NULL;
  gsize json_len;
  gsize len;
  const guint8 *data;

  json = disc_envelope_to_json (envelope, self->dialect, &json_len);
  payload = g_bytes_new_take (g_steal_pointer (&json), json_len);

  if (self->cipher != NULL)
    {
      g_autoptr(GBytes) encrypted = disc_legacy_cipher_encrypt (self->cipher,
                                                                g_bytes_get_data (payload, NULL),
                                                                g_bytes_get_size (payload));
      if (encrypted == NULL)
        {
          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK, "encryption failed");
          return NULL;
        }
      g_bytes_unref (payload);
      payload = self->dialect == DISC_DIALECT_PLAIN ? latin1_to_utf8 (encrypted)
                                                    : g_steal_pointer (&encrypted);
    }

  data = g_bytes_get_data (payload, &len);
  if (self->aead != NULL)
    return encode_sealed (self, envelope, data, len, error);
  if (len > DISC_FRAME_MAX_MESSAGE || len > DISC_CODEC_MAX_DATAGRAM)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE,
                   "the “%s” message is %" G_GSIZE_FORMAT " bytes on the wire; the limit is %d",
                   envelope->event, len,
                   MIN (DISC_FRAME_MAX_MESSAGE, DISC_CODEC_MAX_DATAGRAM));
      return NULL;
    }

  if (self->dialect == DISC_DIALECT_WRAP)
    {
      guint8 id[DISC_FRAME_ID_SIZE];

      self->frame_id_func (id, self->frame_id_data);
      return disc_frame_wrap (data, len, id, self->block_size);
    }
  else
    {
      GPtrArray *datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      g_ptr_array_add (datagrams, g_steal_pointer (&payload));
      return datagrams;
    }
}

static void
decode_payload (JsonParser       *parser,
                DiscLegacyCipher *cipher,
                const guint8     *payload,
                gsize             len,
                gboolean          plain_dialect,
                GPtrArray        *envelopes,
                DiscStats        *stats)
{
  g_autoptr(GBytes) plain = NULL;
  DiscEnvelope *envelope;
  DiscDropReason reason;

  if (cipher != NULL)
    {
      g_autoptr(GBytes) cipher_text = NULL;

      if (plain_dialect)
        {
          cipher_text = utf8_to_latin1 (payload, len);
          if (cipher_text == NULL)
            {
              stats->drops[DISC_DROP_DECRYPT]++;
              return;
            }
          payload = g_bytes_get_data (cipher_text, &len);
        }
      plain = disc_legacy_cipher_decrypt (cipher, payload, len);
      if (plain == NULL)
        {
          stats->drops[DISC_DROP_DECRYPT]++;
          return;
        }
      payload = g_bytes_get_data (plain, &len);
    }

  envelope = disc_envelope_parse_with (parser, (const char *) payload, len, &reason);
  if (envelope == NULL)
    {
      /* Wrong key usually decrypts to padding errors, but one time in 256
       * the padding looks right and the text is garbage: that is a key
       * problem too, not a malformed JSON sender. */
      if (cipher != NULL && reason == DISC_DROP_JSON)
        reason = DISC_DROP_DECRYPT;
      stats->drops[reason]++;
      return;
    }
  g_ptr_array_add (envelopes, envelope);
}

/* A clear (or legacy-encrypted) datagram: WRAP blocks or one bare message. */
static void
decode_clear (DiscCodec        *self,
              const guint8     *datagram,
              gsize             len,
              gint64            now_ms,
              DiscLegacyCipher *cipher,
              GPtrArray        *envelopes,
              DiscStats        *stats)
{
  if (len > DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE)
    stats->drops[DISC_DROP_OVERSIZED]++;
  else if (len >= 4 && memcmp (datagram, DISC_FRAME_MAGIC, 4) == 0)
    {
      g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      disc_reassembler_push (self->reassembler, datagram, len, now_ms, payloads, stats);
      for (guint i = 0; i < payloads->len; i++)
        {
          gsize payload_len;
          const guint8 *payload = g_bytes_get_data (payloads->pdata[i], &payload_len);

          decode_payload (self->parser, cipher, payload, payload_len, FALSE, envelopes, stats);
        }
    }
  else
    decode_payload (self->parser, cipher, datagram, len, TRUE, envelopes, stats);
}

/* The first half of disc_codec_decode(): counts the datagram as received,
 * rejects what no mode accepts, and opens aes-256-gcm (authentication and
 * replay window included). Returns what lies inside, @len bytes (the
 * datagram itself, or the data of *@opened, which the caller frees), for
 * disc_codec_decode_clear(); or NULL when the datagram was dropped, its
 * reason counted in @stats. So a receiver can recognise a repeated
 * message (core/disc-hello-cache.c) after authentication and before any
 * decoding. */
const guint8 *
disc_codec_open (DiscCodec    *self,
                 const guint8 *datagram,
                 gsize        *len,
                 gint64        now_ms,
                 GBytes      **opened,
                 DiscStats    *stats)
{
  *opened = NULL;
  stats->received++;

  if (*len > DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE + DISC_AEAD_OVERHEAD)
    {
      stats->drops[DISC_DROP_OVERSIZED]++;
      return NULL;
    }
  if (*len == 0)
    {
      stats->drops[DISC_DROP_MALFORMED_FRAME]++;
      return NULL;
    }
  if (self->aead == NULL && !disc_aead_is_packet (datagram, *len))
    return datagram;

  {
    DiscDropReason reason = DISC_DROP_AUTHENTICATION;

    /* Without the keyring an aes-256-gcm packet cannot be read (a key
     * problem); with it, anything else is not authentic. */
    if (self->aead == NULL)
      reason = DISC_DROP_DECRYPT;
    else if (disc_aead_is_packet (datagram, *len))
      *opened = disc_aead_open (self->aead, datagram, *len,
                                self->wall_clock (self->wall_clock_data), &reason);
    if (*opened == NULL)
      {
        stats->drops[reason]++;
        return NULL;
      }
    /* Inside: a WRAP block or a bare message, never sealed twice. */
    datagram = g_bytes_get_data (*opened, len);
    if (*len == 0 || disc_aead_is_packet (datagram, *len))
      {
        stats->drops[DISC_DROP_MALFORMED_FRAME]++;
        g_clear_pointer (opened, g_bytes_unref);
        return NULL;
      }
    return datagram;
  }
}

/* The second half: what disc_codec_open() returned, to envelopes. */
void
disc_codec_decode_clear (DiscCodec    *self,
                         const guint8 *clear,
                         gsize         len,
                         gint64        now_ms,
                         GPtrArray    *envelopes,
                         DiscStats    *stats)
{
  /* Under aes-256-gcm the legacy cipher never applies. */
  decode_clear (self, clear, len, now_ms, self->aead != NULL ? NULL : self->cipher,
                envelopes, stats);
}

/* Returns the reason of the last drop this datagram caused, or -1. */
int
disc_codec_decode (DiscCodec    *self,
                   const guint8 *datagram,
                   gsize         len,
                   gint64        now_ms,
                   GPtrArray    *envelopes,
                   DiscStats    *stats)
{
  DiscStats before = *stats;
  g_autoptr(GBytes) opened = NULL;
  const guint8 *clear = disc_codec_open (self, datagram, &len, now_ms, &opened, stats);

  if (clear != NULL)
    disc_codec_decode_clear (self, clear, len, now_ms, envelopes, stats);
  return disc_stats_last_drop (&before, stats);
}

/* Whether @clear (from disc_codec_open()), byte for byte the same as a
 * message this codec decoded before, would be read the same again: it is
 * one whole message in one datagram (a bare message, or a single WRAP
 * block), and no partial message waits for its WRAP id. If so, does the
 * bookkeeping disc_codec_decode_clear() would have done (the reassembler's
 * timeouts) and returns TRUE: the caller may skip the decoding. */
gboolean
disc_codec_accept_repeat (DiscCodec    *self,
                          const guint8 *clear,
                          gsize         len,
                          gint64        now_ms,
                          DiscStats    *stats)
{
  if (len > DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE)
    return FALSE;
  if (len < 4 || memcmp (clear, DISC_FRAME_MAGIC, 4) != 0)
    return TRUE;
  if (!disc_reassembler_is_whole_block (self->reassembler, clear, len))
    return FALSE;
  disc_reassembler_expire (self->reassembler, now_ms, stats);
  return TRUE;
}

void
disc_codec_expire (DiscCodec *self,
                   gint64     now_ms,
                   DiscStats *stats)
{
  disc_reassembler_expire (self->reassembler, now_ms, stats);
}

guint
disc_codec_get_pending (DiscCodec *self)
{
  return disc_reassembler_get_pending (self->reassembler);
}
