/* test-legacy-cipher.c: crypto.createCipher(algorithm, passphrase), byte for byte
 *
 * The vectors in tests/vectors/vectors.json come from Node's own
 * createCipher, the call both npm packages make.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "test-vectors.h"

#include "disc-error.h"
#include "disc-option-error.h"
#include "disc-legacy-cipher.h"

/* --- vectors.json ------------------------------------------------------- */


static void
assert_bytes_equal (GBytes *got, GBytes *expected)
{
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static DiscLegacyCipher *
cipher_new (const char *algorithm, const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  DiscLegacyCipher *cipher = disc_legacy_cipher_new (algorithm, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cipher);
  return cipher;
}

/* --- tests ------------------------------------------------------------------ */

static void
test_vectors (void)
{
  JsonArray *ciphers = vector_array ("cipher");
  guint seen_lengths = 0;
  gboolean seen_algorithm[3] = { FALSE, FALSE, FALSE };

  g_test_summary ("createCipher's bytes for aes128/192/256 and passphrases of every kind, both ways");
  g_assert_cmpuint (json_array_get_length (ciphers), >=, 54);
  for (guint i = 0; i < json_array_get_length (ciphers); i++)
    {
      JsonObject *v = json_array_get_object_element (ciphers, i);
      const char *algorithm = json_object_get_string_member (v, "algorithm");
      const char *passphrase = json_object_get_string_member (v, "passphrase");
      g_autoptr(GBytes) passphrase_bytes = member_bytes (v, "passphrase_hex");
      g_autoptr(GBytes) plain = member_bytes (v, "plain_hex");
      g_autoptr(GBytes) expected = member_bytes (v, "cipher_hex");
      g_autoptr(DiscLegacyCipher) cipher = NULL;
      g_autoptr(GBytes) encrypted = NULL;
      g_autoptr(GBytes) decrypted = NULL;
      gsize plain_len = g_bytes_get_size (plain);

      g_test_message ("cipher %s", json_object_get_string_member (v, "name"));
      /* the passphrase is used as its UTF-8 bytes */
      g_assert_cmpmem (passphrase, strlen (passphrase),
                       g_bytes_get_data (passphrase_bytes, NULL), g_bytes_get_size (passphrase_bytes));
      g_assert_true (disc_legacy_cipher_algorithm_is_known (algorithm));

      cipher = cipher_new (algorithm, passphrase);
      /* PKCS#7 always pads, by 1 to 16 bytes */
      g_assert_cmpuint (g_bytes_get_size (expected), ==, (plain_len / 16 + 1) * 16);

      encrypted = disc_legacy_cipher_encrypt (cipher, g_bytes_get_data (plain, NULL), plain_len);
      assert_bytes_equal (encrypted, expected);
      decrypted = disc_legacy_cipher_decrypt (cipher, g_bytes_get_data (expected, NULL),
                                              g_bytes_get_size (expected));
      assert_bytes_equal (decrypted, plain);

      /* the same key and IV for every packet: encrypting again gives the
       * same bytes (this is the seed's scheme, not a feature) */
      {
        g_autoptr(GBytes) again = disc_legacy_cipher_encrypt (cipher, g_bytes_get_data (plain, NULL), plain_len);

        assert_bytes_equal (again, expected);
      }

      if (plain_len == 0) seen_lengths |= 1;
      if (plain_len == 15) seen_lengths |= 2;
      if (plain_len == 16) seen_lengths |= 4;
      if (plain_len == 17) seen_lengths |= 8;
      if (g_str_equal (algorithm, "aes256")) seen_algorithm[0] = TRUE;
      if (g_str_equal (algorithm, "aes192")) seen_algorithm[1] = TRUE;
      if (g_str_equal (algorithm, "aes128")) seen_algorithm[2] = TRUE;
    }
  g_assert_cmpuint (seen_lengths, ==, 0xf);
  g_assert_true (seen_algorithm[0] && seen_algorithm[1] && seen_algorithm[2]);
}

/* aes256 and aes-256-cbc are one cipher, whatever the case */
static void
test_aliases (void)
{
  static const char *const same[][3] = {
    { "aes256", "aes-256-cbc", "AES256" },
    { "aes192", "aes-192-cbc", "AES-192-CBC" },
    { "aes128", "aes-128-cbc", "Aes128" },
  };
  const guint8 plain[] = "alias check";

  g_test_summary ("aes256 and aes-256-cbc (any case) are one cipher, likewise 192 and 128");
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autoptr(DiscLegacyCipher) a = cipher_new (same[i][0], "secret");
      g_autoptr(GBytes) reference = disc_legacy_cipher_encrypt (a, plain, sizeof plain);

      for (guint j = 1; j < 3; j++)
        {
          g_autoptr(DiscLegacyCipher) b = cipher_new (same[i][j], "secret");
          g_autoptr(GBytes) other = disc_legacy_cipher_encrypt (b, plain, sizeof plain);

          assert_bytes_equal (other, reference);
        }
    }
}

static void
test_wrong_key (void)
{
  JsonArray *ciphers = vector_array ("cipher");
  guint refused = 0, total = 0;

  g_test_summary ("A wrong passphrase or algorithm never gives the plaintext");
  for (guint i = 0; i < json_array_get_length (ciphers); i++)
    {
      JsonObject *v = json_array_get_object_element (ciphers, i);
      const char *algorithm = json_object_get_string_member (v, "algorithm");
      g_autoptr(GBytes) plain = member_bytes (v, "plain_hex");
      g_autoptr(GBytes) expected = member_bytes (v, "cipher_hex");
      g_autoptr(DiscLegacyCipher) wrong = cipher_new (algorithm, "not the passphrase");
      g_autoptr(GBytes) decrypted = disc_legacy_cipher_decrypt (wrong, g_bytes_get_data (expected, NULL),
                                                                g_bytes_get_size (expected));

      total++;
      if (decrypted == NULL)
        refused++;
      else
        {
          /* With no integrity check, a wrong key passes the padding check
           * about one time in 256 and gives garbage, never the plaintext. */
          g_assert_false (g_bytes_equal (decrypted, plain));
        }
    }
  g_test_message ("wrong key refused %u of %u", refused, total);
  g_assert_cmpuint (refused, >=, total - 2);

  /* the wrong algorithm, right passphrase: also refused */
  {
    JsonObject *v = json_array_get_object_element (ciphers, 0);
    g_autoptr(GBytes) expected = member_bytes (v, "cipher_hex");
    const char *other = g_str_equal (json_object_get_string_member (v, "algorithm"), "aes128") ? "aes256" : "aes128";
    g_autoptr(DiscLegacyCipher) wrong = cipher_new (other, json_object_get_string_member (v, "passphrase"));
    g_autoptr(GBytes) decrypted = disc_legacy_cipher_decrypt (wrong, g_bytes_get_data (expected, NULL),
                                                              g_bytes_get_size (expected));

    g_assert_null (decrypted);
  }
}

/* CBC has no integrity: flipping a bit of the next-to-last ciphertext block
 * flips the same bit of the last plaintext block, which is where the padding
 * is. That lets us make each kind of bad padding on purpose. */
static void
test_bad_padding (void)
{
  g_autoptr(DiscLegacyCipher) cipher = cipher_new ("aes256", "secret");
  guint8 plain[16];
  g_autoptr(GBytes) ct = NULL;
  const guint8 *c;
  struct {
    const char *what;
    guint       pos;      /* byte of the last plaintext block */
    guint8      becomes;  /* the value it is turned into */
    gboolean    valid;
  } cases[] = {
    { "pad byte 0", 15, 0x00, FALSE },
    { "pad byte 17", 15, 0x11, FALSE },
    { "pad byte 0xff", 15, 0xff, FALSE },
    { "inconsistent padding", 14, 0x0f, FALSE },
    { "first pad byte off", 0, 0x00, FALSE },
    { "pad byte 1: valid, 31 bytes of garbage", 15, 0x01, TRUE },
  };

  g_test_summary ("Each kind of bad PKCS#7 padding is refused; a last byte of 1 passes, as CBC cannot tell");
  memset (plain, 'p', sizeof plain);
  /* 16 bytes encrypt to 32: the second block is all padding, 16 × 0x10 */
  ct = disc_legacy_cipher_encrypt (cipher, plain, sizeof plain);
  g_assert_cmpuint (g_bytes_get_size (ct), ==, 32);
  c = g_bytes_get_data (ct, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 mangled[32];
      g_autoptr(GBytes) out = NULL;

      g_test_message ("padding: %s", cases[i].what);
      memcpy (mangled, c, 32);
      mangled[cases[i].pos] ^= 0x10 ^ cases[i].becomes;
      out = disc_legacy_cipher_decrypt (cipher, mangled, 32);
      if (cases[i].valid)
        {
          g_assert_nonnull (out);
          g_assert_cmpuint (g_bytes_get_size (out), ==, 31);
        }
      else
        g_assert_null (out);
    }

  /* and the unmangled one decrypts */
  {
    g_autoptr(GBytes) out = disc_legacy_cipher_decrypt (cipher, c, 32);

    g_assert_nonnull (out);
    g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), plain, sizeof plain);
  }
}

static void
test_bad_length (void)
{
  g_autoptr(DiscLegacyCipher) cipher = cipher_new ("aes256", "secret");
  guint8 data[64];
  const gsize lengths[] = { 0, 1, 15, 17, 31, 33, 63 };

  g_test_summary ("Ciphertext that is empty or not a multiple of 16 bytes is refused");
  memset (data, 0x42, sizeof data);
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GBytes) out = disc_legacy_cipher_decrypt (cipher, data, lengths[i]);

      g_assert_null (out);
    }
}

static void
test_unknown_algorithm (void)
{
  const char *bad[] = { "aes-256-gcm", "des", "rc4", "aes", "aes256x", "", "aes-256-ecb" };

  g_test_summary ("An algorithm createCipher does not offer is DISC_OPTION_ERROR_ALGORITHM");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      DiscLegacyCipher *cipher = disc_legacy_cipher_new (bad[i], "secret", &error);

      g_test_message ("algorithm “%s”", bad[i]);
      g_assert_null (cipher);
      g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
      g_assert_nonnull (strstr (error->message, "algorithm"));
      g_assert_false (disc_legacy_cipher_algorithm_is_known (bad[i]));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (disc_legacy_cipher_new (NULL, "secret", &error));
    g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
    g_assert_nonnull (strstr (error->message, "algorithm"));
    g_assert_false (disc_legacy_cipher_algorithm_is_known (NULL));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  load_vectors ();

  g_test_add_func ("/legacy-cipher/vectors", test_vectors);
  g_test_add_func ("/legacy-cipher/aliases", test_aliases);
  g_test_add_func ("/legacy-cipher/wrong-key", test_wrong_key);
  g_test_add_func ("/legacy-cipher/bad-padding", test_bad_padding);
  g_test_add_func ("/legacy-cipher/bad-length", test_bad_length);
  g_test_add_func ("/legacy-cipher/unknown-algorithm", test_unknown_algorithm);

  {
    int ret = g_test_run ();

    json_node_unref (vectors);
    return ret;
  }
}
