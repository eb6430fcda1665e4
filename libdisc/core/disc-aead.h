/* disc-aead.h: aes-256-gcm packets, a keyring and replay protection (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-drop-reason.h"

G_BEGIN_DECLS

#define DISC_AEAD_ALGORITHM        "aes-256-gcm"

/* The packet: a 58-byte header, authenticated as associated data, then the
 * ciphertext and the 16-byte tag. See doc/protocol.md, section 8. */
#define DISC_AEAD_MAGIC            "\xff" "DAE"
#define DISC_AEAD_MAGIC_SIZE       4
#define DISC_AEAD_VERSION          1
#define DISC_AEAD_KEY_SIZE         32
#define DISC_AEAD_KEY_ID_SIZE      8
#define DISC_AEAD_NONCE_SIZE       12
#define DISC_AEAD_SENDER_SIZE      16
#define DISC_AEAD_TAG_SIZE         16
#define DISC_AEAD_HEADER_SIZE      58
#define DISC_AEAD_OVERHEAD         (DISC_AEAD_HEADER_SIZE + DISC_AEAD_TAG_SIZE)

/* Key derivation: PBKDF2-HMAC-SHA256 of the passphrase, this salt and
 * count, once per key (about 95 ms on a 2020s x86-64 core). */
#define DISC_AEAD_KDF_SALT         "libdisc-gcm-v1"
#define DISC_AEAD_KDF_ITERATIONS   600000
#define DISC_AEAD_KEY_ID_LABEL     "libdisc-gcm-v1 key id"

#define DISC_AEAD_MAX_KEYS         16
#define DISC_AEAD_REPLAY_WINDOW_MS 30000
#define DISC_AEAD_SEQ_WINDOW       64
#define DISC_AEAD_MAX_SENDERS      4096

typedef struct
{
  guint8 id[DISC_AEAD_KEY_ID_SIZE];
  guint8 key[DISC_AEAD_KEY_SIZE];
} DiscAeadKey;

gboolean  disc_aead_algorithm_is (const char    *algorithm);
gboolean  disc_aead_is_packet    (const guint8  *data,
                                  gsize          len);
void      disc_aead_derive_key   (const char    *passphrase,
                                  DiscAeadKey   *out);
char     *disc_aead_key_id_to_string (const guint8 id[DISC_AEAD_KEY_ID_SIZE]);

typedef struct _DiscAead DiscAead;

DiscAead *disc_aead_new          (void);
void      disc_aead_free         (DiscAead      *self);
gboolean  disc_aead_set_keys     (DiscAead      *self,
                                  const DiscAeadKey *keys,
                                  guint          n_keys,
                                  GError       **error);
guint     disc_aead_get_n_keys   (DiscAead      *self);
GBytes   *disc_aead_seal         (DiscAead      *self,
                                  const guint8  *plain,
                                  gsize          len,
                                  gint64         wall_ms);
GBytes   *disc_aead_open         (DiscAead      *self,
                                  const guint8  *packet,
                                  gsize          len,
                                  gint64         wall_ms,
                                  DiscDropReason *reason);
guint     disc_aead_get_n_senders (DiscAead     *self);

/* For tests and vectors: fixed nonces, sender id and first sequence. */
void      disc_aead_set_nonce_func (DiscAead    *self,
                                    void       (*func) (guint8 *nonce, gpointer data),
                                    gpointer     data);
void      disc_aead_set_sender     (DiscAead    *self,
                                    const guint8 sender[DISC_AEAD_SENDER_SIZE],
                                    guint64      next_sequence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscAead, disc_aead_free)

G_END_DECLS
