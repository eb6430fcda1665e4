/* disc-aead.c: libdisc's authenticated encryption, "aes-256-gcm"
 *
 * Every datagram is sealed on its own: a header (magic, version, flags,
 * key id, nonce, sender id, timestamp, sequence) that is authenticated as
 * associated data, then the AES-256-GCM ciphertext of what the datagram
 * would carry in the clear, then the tag. Keys come from passphrases by
 * PBKDF2-HMAC-SHA256 with a fixed salt, once per key; the key id is a
 * hash of the derived key, so it names the key without revealing it.
 *
 * A receiver holds a keyring (the first key seals, any opens) and, per
 * sender id, the highest sequence it accepted and a 64-bit window of the
 * ones below it, as IPsec and DTLS do, so that reordered datagrams are
 * accepted once and replayed ones never. Packets whose timestamp is more
 * than 30 s from the receiver's clock are refused, which bounds what a
 * sender evicted from the (bounded) table could have replayed.
 *
 * Nothing here is touched by a packet until its tag has been verified.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-aead"

#include "config.h"

#include <string.h>
#include <gcrypt.h>

#include "disc-aead.h"
#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-legacy-cipher.h"
#include "disc-wipe.h"

/* Header offsets */
#define OFF_VERSION  4
#define OFF_FLAGS    5
#define OFF_KEY_ID   6
#define OFF_NONCE    14
#define OFF_SENDER   26
#define OFF_TIME     42
#define OFF_SEQUENCE 50

G_STATIC_ASSERT (OFF_SEQUENCE + 8 == DISC_AEAD_HEADER_SIZE);
G_STATIC_ASSERT (OFF_NONCE + DISC_AEAD_NONCE_SIZE == OFF_SENDER);
G_STATIC_ASSERT (OFF_SENDER + DISC_AEAD_SENDER_SIZE == OFF_TIME);

typedef struct
{
  guint8           id[DISC_AEAD_KEY_ID_SIZE];
  gcry_cipher_hd_t handle;
} KeySlot;

typedef struct
{
  guint8  sender[DISC_AEAD_SENDER_SIZE];
  guint64 top;       /* highest sequence accepted */
  guint64 window;    /* bit i: top - i was accepted */
  GList   link;      /* in by_use, least recently used first */
} Sender;

struct _DiscAead
{
  KeySlot     keys[DISC_AEAD_MAX_KEYS];   /* [0] seals */
  guint       n_keys;
  guint8      sender[DISC_AEAD_SENDER_SIZE];
  guint64     next_sequence;
  GHashTable *senders;                    /* sender bytes -> Sender */
  GQueue      by_use;
  void      (*nonce_func) (guint8 *nonce, gpointer data);
  gpointer    nonce_data;
};

static inline void
write_u64_be (guint8 *p, guint64 v)
{
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

static inline guint64
read_u64_be (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

gboolean
disc_aead_algorithm_is (const char *algorithm)
{
  return algorithm != NULL && g_ascii_strcasecmp (algorithm, DISC_AEAD_ALGORITHM) == 0;
}

gboolean
disc_aead_is_packet (const guint8 *data,
                     gsize         len)
{
  return len >= DISC_AEAD_MAGIC_SIZE && memcmp (data, DISC_AEAD_MAGIC, DISC_AEAD_MAGIC_SIZE) == 0;
}

void
disc_aead_derive_key (const char  *passphrase,
                      DiscAeadKey *out)
{
  gsize label_len = strlen (DISC_AEAD_KEY_ID_LABEL);
  guint8 id_input[64];
  guint8 digest[32];
  gcry_error_t err;

  g_return_if_fail (passphrase != NULL && *passphrase != '\0');
  disc_gcrypt_ensure_initialized ();

  err = gcry_kdf_derive (passphrase, strlen (passphrase), GCRY_KDF_PBKDF2, GCRY_MD_SHA256,
                         DISC_AEAD_KDF_SALT, strlen (DISC_AEAD_KDF_SALT),
                         DISC_AEAD_KDF_ITERATIONS, DISC_AEAD_KEY_SIZE, out->key);
  if (err != 0)
    g_error ("libgcrypt refused PBKDF2-SHA256: %s", gcry_strerror (err));

  G_STATIC_ASSERT (sizeof DISC_AEAD_KEY_ID_LABEL - 1 + DISC_AEAD_KEY_SIZE <= sizeof id_input);
  memcpy (id_input, DISC_AEAD_KEY_ID_LABEL, label_len);
  memcpy (id_input + label_len, out->key, DISC_AEAD_KEY_SIZE);
  gcry_md_hash_buffer (GCRY_MD_SHA256, digest, id_input, label_len + DISC_AEAD_KEY_SIZE);
  memcpy (out->id, digest, DISC_AEAD_KEY_ID_SIZE);
  disc_wipe (id_input, sizeof id_input);
}

char *
disc_aead_key_id_to_string (const guint8 id[DISC_AEAD_KEY_ID_SIZE])
{
  GString *out = g_string_sized_new (2 * DISC_AEAD_KEY_ID_SIZE);

  for (guint i = 0; i < DISC_AEAD_KEY_ID_SIZE; i++)
    g_string_append_printf (out, "%02x", id[i]);
  return g_string_free (out, FALSE);
}

static void
random_nonce (guint8  *nonce,
              gpointer data)
{
  gcry_create_nonce (nonce, DISC_AEAD_NONCE_SIZE);
}

static guint
sender_hash (gconstpointer key)
{
  guint h;

  memcpy (&h, key, sizeof h);  /* sender ids are random */
  return h;
}

static gboolean
sender_equal (gconstpointer a,
              gconstpointer b)
{
  return memcmp (a, b, DISC_AEAD_SENDER_SIZE) == 0;
}

DiscAead *
disc_aead_new (void)
{
  DiscAead *self = g_new0 (DiscAead, 1);

  disc_gcrypt_ensure_initialized ();
  gcry_create_nonce (self->sender, sizeof self->sender);
  self->next_sequence = 1;
  self->senders = g_hash_table_new_full (sender_hash, sender_equal, NULL, g_free);
  g_queue_init (&self->by_use);
  self->nonce_func = random_nonce;
  return self;
}

static void
close_keys (DiscAead *self)
{
  for (guint i = 0; i < self->n_keys; i++)
    gcry_cipher_close (self->keys[i].handle);
  memset (self->keys, 0, sizeof self->keys);
  self->n_keys = 0;
}

void
disc_aead_free (DiscAead *self)
{
  if (self == NULL)
    return;
  close_keys (self);
  g_queue_init (&self->by_use);   /* the links are inside the entries */
  g_hash_table_unref (self->senders);
  g_free (self);
}

/* keys[0] seals; all of them open. The replay state is kept: it belongs
 * to the senders, not to the keys. */
gboolean
disc_aead_set_keys (DiscAead          *self,
                    const DiscAeadKey *keys,
                    guint              n_keys,
                    GError           **error)
{
  KeySlot slots[DISC_AEAD_MAX_KEYS] = { 0, };

  if (n_keys == 0 || n_keys > DISC_AEAD_MAX_KEYS)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   "key: a keyring holds 1 to %d keys, not %u", DISC_AEAD_MAX_KEYS, n_keys);
      return FALSE;
    }
  for (guint i = 0; i < n_keys; i++)
    {
      gcry_error_t err = gcry_cipher_open (&slots[i].handle, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, 0);

      if (err == 0)
        err = gcry_cipher_setkey (slots[i].handle, keys[i].key, DISC_AEAD_KEY_SIZE);
      if (err != 0)
        {
          for (guint j = 0; j <= i; j++)
            if (slots[j].handle != NULL)
              gcry_cipher_close (slots[j].handle);
          g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM,
                       "algorithm: libgcrypt refused aes-256-gcm: %s", gcry_strerror (err));
          return FALSE;
        }
      memcpy (slots[i].id, keys[i].id, DISC_AEAD_KEY_ID_SIZE);
    }
  close_keys (self);
  memcpy (self->keys, slots, sizeof slots);
  self->n_keys = n_keys;
  return TRUE;
}

guint
disc_aead_get_n_keys (DiscAead *self)
{
  return self->n_keys;
}

void
disc_aead_set_nonce_func (DiscAead *self,
                          void    (*func) (guint8 *nonce, gpointer data),
                          gpointer  data)
{
  self->nonce_func = func ? func : random_nonce;
  self->nonce_data = data;
}

void
disc_aead_set_sender (DiscAead     *self,
                      const guint8  sender[DISC_AEAD_SENDER_SIZE],
                      guint64       next_sequence)
{
  memcpy (self->sender, sender, DISC_AEAD_SENDER_SIZE);
  self->next_sequence = next_sequence;
}

GBytes *
disc_aead_seal (DiscAead     *self,
                const guint8 *plain,
                gsize         len,
                gint64        wall_ms)
{
  gcry_cipher_hd_t handle;
  guint8 *out;

  g_return_val_if_fail (self->n_keys > 0, NULL);

  handle = self->keys[0].handle;
  out = g_malloc (DISC_AEAD_OVERHEAD + len);
  memcpy (out, DISC_AEAD_MAGIC, DISC_AEAD_MAGIC_SIZE);
  out[OFF_VERSION] = DISC_AEAD_VERSION;
  out[OFF_FLAGS] = 0;
  memcpy (out + OFF_KEY_ID, self->keys[0].id, DISC_AEAD_KEY_ID_SIZE);
  self->nonce_func (out + OFF_NONCE, self->nonce_data);
  memcpy (out + OFF_SENDER, self->sender, DISC_AEAD_SENDER_SIZE);
  write_u64_be (out + OFF_TIME, MAX (wall_ms, 0));
  write_u64_be (out + OFF_SEQUENCE, self->next_sequence++);

  if (gcry_cipher_reset (handle) != 0 ||
      gcry_cipher_setiv (handle, out + OFF_NONCE, DISC_AEAD_NONCE_SIZE) != 0 ||
      gcry_cipher_authenticate (handle, out, DISC_AEAD_HEADER_SIZE) != 0 ||
      gcry_cipher_encrypt (handle, out + DISC_AEAD_HEADER_SIZE, len, plain, len) != 0 ||
      gcry_cipher_gettag (handle, out + DISC_AEAD_HEADER_SIZE + len, DISC_AEAD_TAG_SIZE) != 0)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, DISC_AEAD_OVERHEAD + len);
}

/* Accepts @sequence from @sender once; records it. */
static gboolean
accept_sequence (DiscAead     *self,
                 const guint8 *sender_id,
                 guint64       sequence)
{
  Sender *sender = g_hash_table_lookup (self->senders, sender_id);

  if (sender == NULL)
    {
      if (g_hash_table_size (self->senders) >= DISC_AEAD_MAX_SENDERS)
        {
          Sender *oldest = g_queue_peek_head (&self->by_use);

          g_queue_unlink (&self->by_use, &oldest->link);
          g_hash_table_remove (self->senders, oldest->sender);
        }
      sender = g_new0 (Sender, 1);
      memcpy (sender->sender, sender_id, DISC_AEAD_SENDER_SIZE);
      sender->top = sequence;
      sender->window = 1;
      sender->link.data = sender;
      g_hash_table_insert (self->senders, sender->sender, sender);
      g_queue_push_tail_link (&self->by_use, &sender->link);
      return TRUE;
    }

  if (sequence > sender->top)
    {
      guint64 shift = sequence - sender->top;

      sender->window = shift >= DISC_AEAD_SEQ_WINDOW ? 1 : (sender->window << shift) | 1;
      sender->top = sequence;
    }
  else
    {
      guint64 behind = sender->top - sequence;

      if (behind >= DISC_AEAD_SEQ_WINDOW || (sender->window & (G_GUINT64_CONSTANT (1) << behind)))
        return FALSE;
      sender->window |= G_GUINT64_CONSTANT (1) << behind;
    }
  g_queue_unlink (&self->by_use, &sender->link);
  g_queue_push_tail_link (&self->by_use, &sender->link);
  return TRUE;
}

GBytes *
disc_aead_open (DiscAead       *self,
                const guint8   *packet,
                gsize           len,
                gint64          wall_ms,
                DiscDropReason *reason)
{
  g_autofree guint8 *plain = NULL;
  gcry_cipher_hd_t handle = NULL;
  gsize plain_len;
  guint64 sent_ms, sequence, now;

  if (len < DISC_AEAD_OVERHEAD || !disc_aead_is_packet (packet, len) ||
      packet[OFF_VERSION] != DISC_AEAD_VERSION || packet[OFF_FLAGS] != 0)
    {
      *reason = DISC_DROP_MALFORMED_FRAME;
      return NULL;
    }

  for (guint i = 0; i < self->n_keys && handle == NULL; i++)
    if (memcmp (self->keys[i].id, packet + OFF_KEY_ID, DISC_AEAD_KEY_ID_SIZE) == 0)
      handle = self->keys[i].handle;
  if (handle == NULL)
    {
      *reason = DISC_DROP_DECRYPT;
      return NULL;
    }

  plain_len = len - DISC_AEAD_OVERHEAD;
  plain = g_malloc (MAX (plain_len, 1));
  if (gcry_cipher_reset (handle) != 0 ||
      gcry_cipher_setiv (handle, packet + OFF_NONCE, DISC_AEAD_NONCE_SIZE) != 0 ||
      gcry_cipher_authenticate (handle, packet, DISC_AEAD_HEADER_SIZE) != 0 ||
      gcry_cipher_decrypt (handle, plain, plain_len, packet + DISC_AEAD_HEADER_SIZE, plain_len) != 0 ||
      gcry_cipher_checktag (handle, packet + len - DISC_AEAD_TAG_SIZE, DISC_AEAD_TAG_SIZE) != 0)
    {
      disc_wipe (plain, plain_len);
      *reason = DISC_DROP_AUTHENTICATION;
      return NULL;
    }

  /* Authentic; now fresh? */
  sent_ms = read_u64_be (packet + OFF_TIME);
  sequence = read_u64_be (packet + OFF_SEQUENCE);
  now = MAX (wall_ms, 0);
  if (sent_ms > now + DISC_AEAD_REPLAY_WINDOW_MS ||
      sent_ms + DISC_AEAD_REPLAY_WINDOW_MS < now ||
      !accept_sequence (self, packet + OFF_SENDER, sequence))
    {
      *reason = DISC_DROP_REPLAY;
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&plain), plain_len);
}

guint
disc_aead_get_n_senders (DiscAead *self)
{
  return g_hash_table_size (self->senders);
}
