/* disc-legacy-cipher.c: the seed's encryption, byte for byte
 *
 * Node's createCipher derives key and IV from the passphrase with OpenSSL's
 * EVP_BytesToKey: MD5, one round, no salt. Every packet then uses the same
 * key and IV in CBC mode with PKCS#7 padding. This gives secrecy against a
 * passive listener who does not know the passphrase, and nothing else: no
 * integrity, no replay protection. It exists to talk to the npm packages.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-legacy-cipher"

#include "config.h"

#include <string.h>
#include <gcrypt.h>

#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-legacy-cipher.h"
#include "disc-wipe.h"

#define BLOCK 16

struct _DiscLegacyCipher
{
  gcry_cipher_hd_t handle;
  guint8           iv[BLOCK];
};

typedef struct
{
  const char *name;
  int         gcry_algo;
  gsize       key_len;
} Algorithm;

/* Node (OpenSSL) names; "aes256" is the seed's default. */
static const Algorithm algorithms[] = {
  { "aes256",      GCRY_CIPHER_AES256, 32 },
  { "aes-256-cbc", GCRY_CIPHER_AES256, 32 },
  { "aes192",      GCRY_CIPHER_AES192, 24 },
  { "aes-192-cbc", GCRY_CIPHER_AES192, 24 },
  { "aes128",      GCRY_CIPHER_AES128, 16 },
  { "aes-128-cbc", GCRY_CIPHER_AES128, 16 },
};

static const Algorithm *
find_algorithm (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (name != NULL && g_ascii_strcasecmp (algorithms[i].name, name) == 0)
      return &algorithms[i];
  return NULL;
}

gboolean
disc_legacy_cipher_algorithm_is_known (const char *algorithm)
{
  return find_algorithm (algorithm) != NULL;
}

static gpointer
init_gcrypt (gpointer data)
{
  /* Respect an application that set libgcrypt up itself. */
  if (!gcry_control (GCRYCTL_INITIALIZATION_FINISHED_P))
    {
      if (gcry_check_version (GCRYPT_VERSION) == NULL)
        g_error ("libgcrypt is older than the version libdisc was built with");
      gcry_control (GCRYCTL_DISABLE_SECMEM, 0);
      gcry_control (GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
  return NULL;
}

void
disc_gcrypt_ensure_initialized (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_gcrypt, NULL);
}

/* EVP_BytesToKey (MD5, no salt, count 1): D1 = MD5(pass), Di = MD5(Di-1 || pass) */
static void
bytes_to_key (const char *passphrase,
              guint8     *out,
              gsize       out_len)
{
  gsize pass_len = strlen (passphrase);
  g_autofree guint8 *input = g_malloc (16 + pass_len);
  guint8 digest[16];
  gsize produced = 0;
  gsize input_len = 0;

  while (produced < out_len)
    {
      gsize take;

      memcpy (input + input_len, passphrase, pass_len);
      gcry_md_hash_buffer (GCRY_MD_MD5, digest, input, input_len + pass_len);
      take = MIN (sizeof digest, out_len - produced);
      memcpy (out + produced, digest, take);
      produced += take;
      memcpy (input, digest, sizeof digest);
      input_len = sizeof digest;
    }
  disc_wipe (digest, sizeof digest);
}

DiscLegacyCipher *
disc_legacy_cipher_new (const char  *algorithm,
                        const char  *passphrase,
                        GError     **error)
{
  const Algorithm *algo = find_algorithm (algorithm);
  g_autoptr(DiscLegacyCipher) self = NULL;
  guint8 material[32 + BLOCK];
  gcry_error_t err;

  if (algo == NULL)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM,
                   "algorithm: unknown algorithm “%s” (use aes256, aes192 or aes128)",
                   algorithm ? algorithm : "(null)");
      return NULL;
    }

  disc_gcrypt_ensure_initialized ();

  self = g_new0 (DiscLegacyCipher, 1);
  bytes_to_key (passphrase, material, algo->key_len + BLOCK);

  err = gcry_cipher_open (&self->handle, algo->gcry_algo, GCRY_CIPHER_MODE_CBC, 0);
  if (err == 0)
    err = gcry_cipher_setkey (self->handle, material, algo->key_len);
  memcpy (self->iv, material + algo->key_len, BLOCK);
  disc_wipe (material, sizeof material);
  if (err != 0)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM,
                   "algorithm: libgcrypt refused %s: %s", algo->name, gcry_strerror (err));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
disc_legacy_cipher_free (DiscLegacyCipher *self)
{
  if (self == NULL)
    return;
  if (self->handle != NULL)
    gcry_cipher_close (self->handle);
  disc_wipe (self->iv, sizeof self->iv);
  g_free (self);
}

GBytes *
disc_legacy_cipher_encrypt (DiscLegacyCipher *self,
                            const guint8     *plain,
                            gsize             len)
{
  gsize padded = (len / BLOCK + 1) * BLOCK;
  guint8 *out = g_malloc (padded);
  guint8 pad = padded - len;

  memcpy (out, plain, len);
  memset (out + len, pad, pad);
  gcry_cipher_reset (self->handle);
  gcry_cipher_setiv (self->handle, self->iv, BLOCK);
  if (gcry_cipher_encrypt (self->handle, out, padded, NULL, 0) != 0)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, padded);
}

GBytes *
disc_legacy_cipher_decrypt (DiscLegacyCipher *self,
                            const guint8     *cipher,
                            gsize             len)
{
  g_autofree guint8 *out = NULL;
  guint8 pad;

  if (len == 0 || len % BLOCK != 0)
    return NULL;

  out = g_memdup2 (cipher, len);
  gcry_cipher_reset (self->handle);
  gcry_cipher_setiv (self->handle, self->iv, BLOCK);
  if (gcry_cipher_decrypt (self->handle, out, len, NULL, 0) != 0)
    return NULL;

  /* PKCS#7: every pad byte must equal the pad length (1..16). */
  pad = out[len - 1];
  if (pad == 0 || pad > BLOCK)
    return NULL;
  for (gsize i = len - pad; i < len; i++)
    if (out[i] != pad)
      return NULL;

  return g_bytes_new_take (g_steal_pointer (&out), len - pad);
}
