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
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-codec.h"
#include "disc-error.h"
#include "disc-frame.h"
#include "disc-legacy-cipher.h"

struct _DiscCodec
{
  DiscDialect       dialect;
  DiscLegacyCipher *cipher;    /* nullable: no encryption */
  DiscReassembler  *reassembler;
  gsize             block_size;
  void            (*frame_id_func) (guint8 *id, gpointer data);
  gpointer          frame_id_data;
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
  self->reassembler = disc_reassembler_new (DISC_FRAME_MAX_PENDING,
                                            DISC_FRAME_MAX_PENDING_BYTES,
                                            DISC_FRAME_TIMEOUT_MS);
  if (key != NULL)
    {
      self->cipher = disc_legacy_cipher_new (algorithm, key, error);
      if (self->cipher == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
disc_codec_free (DiscCodec *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->cipher, disc_legacy_cipher_free);
  g_clear_pointer (&self->reassembler, disc_reassembler_free);
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
decode_payload (DiscCodec    *self,
                const guint8 *payload,
                gsize         len,
                gboolean      plain_dialect,
                GPtrArray    *envelopes,
                DiscStats    *stats)
{
  g_autoptr(GBytes) plain = NULL;
  DiscEnvelope *envelope;
  DiscDropReason reason;

  if (self->cipher != NULL)
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
      plain = disc_legacy_cipher_decrypt (self->cipher, payload, len);
      if (plain == NULL)
        {
          stats->drops[DISC_DROP_DECRYPT]++;
          return;
        }
      payload = g_bytes_get_data (plain, &len);
    }

  envelope = disc_envelope_parse ((const char *) payload, len, &reason);
  if (envelope == NULL)
    {
      /* Wrong key usually decrypts to padding errors, but one time in 256
       * the padding looks right and the text is garbage: that is a key
       * problem too, not a malformed JSON sender. */
      if (self->cipher != NULL && reason == DISC_DROP_JSON)
        reason = DISC_DROP_DECRYPT;
      stats->drops[reason]++;
      return;
    }
  g_ptr_array_add (envelopes, envelope);
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
  int last_drop = -1;

  stats->received++;

  if (len > DISC_FRAME_MAX_MESSAGE + DISC_FRAME_HEADER_SIZE)
    stats->drops[DISC_DROP_OVERSIZED]++;
  else if (len == 0)
    stats->drops[DISC_DROP_MALFORMED_FRAME]++;
  else if (len >= 4 && memcmp (datagram, DISC_FRAME_MAGIC, 4) == 0)
    {
      g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      disc_reassembler_push (self->reassembler, datagram, len, now_ms, payloads, stats);
      for (guint i = 0; i < payloads->len; i++)
        {
          gsize payload_len;
          const guint8 *payload = g_bytes_get_data (payloads->pdata[i], &payload_len);

          decode_payload (self, payload, payload_len, FALSE, envelopes, stats);
        }
    }
  else
    decode_payload (self, datagram, len, TRUE, envelopes, stats);

  for (int i = 0; i < DISC_DROP_N_REASONS; i++)
    if (stats->drops[i] != before.drops[i])
      last_drop = i;
  return last_drop;
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
