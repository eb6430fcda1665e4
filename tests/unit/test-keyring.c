/* test-keyring.c: the keyring of passphrases, without a socket
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "disc-keyring.h"
#include "disc-option-error.h"
#include "disc-wipe.h"

static void
test_primary (void)
{
  g_autoptr(DiscKeyring) keyring = disc_keyring_new ();

  g_test_summary ("Setting the primary replaces it; the old one leaves the keyring");
  g_assert_false (disc_keyring_has_primary (keyring));
  g_assert_null (disc_keyring_derive (keyring));
  g_assert_true (disc_keyring_set_primary (keyring, "one"));
  g_assert_false (disc_keyring_set_primary (keyring, "one"));   /* no change */
  g_assert_cmpstr (disc_keyring_peek_primary (keyring), ==, "one");
  g_assert_true (disc_keyring_set_primary (keyring, "two"));
  g_assert_false (disc_keyring_contains (keyring, "one"));
  g_assert_cmpuint (disc_keyring_get_n_extra (keyring), ==, 0);
  g_assert_true (disc_keyring_set_primary (keyring, NULL));
  g_assert_false (disc_keyring_has_primary (keyring));
}

static void
test_add_use_remove (void)
{
  g_autoptr(DiscKeyring) keyring = disc_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  g_test_summary ("Serf's rotation: add, use, remove; the primary is listed first");
  g_assert_true (disc_keyring_add (keyring, "old", &error));
  g_assert_cmpstr (disc_keyring_peek_primary (keyring), ==, "old");   /* the first is the primary */
  g_assert_true (disc_keyring_add (keyring, "new", &error));
  g_assert_true (disc_keyring_add (keyring, "new", &error));          /* already there */
  g_assert_no_error (error);
  g_assert_cmpuint (disc_keyring_get_n_extra (keyring), ==, 1);

  before = disc_keyring_list_ids (keyring);
  g_assert_cmpuint (g_strv_length (before), ==, 2);
  g_assert_cmpuint (strlen (before[0]), ==, 16);
  g_assert_null (strstr (before[0], "old"));

  g_assert_false (disc_keyring_use (keyring, "missing", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_true (disc_keyring_use (keyring, "new", &error));
  g_assert_cmpstr (disc_keyring_peek_primary (keyring), ==, "new");
  after = disc_keyring_list_ids (keyring);
  g_assert_cmpstr (after[0], ==, before[1]);
  g_assert_cmpstr (after[1], ==, before[0]);

  g_assert_false (disc_keyring_remove (keyring, "new", &error));      /* the primary */
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (disc_keyring_remove (keyring, "missing", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_true (disc_keyring_remove (keyring, "old", &error));
  g_assert_false (disc_keyring_contains (keyring, "old"));
  g_assert_cmpuint (disc_keyring_get_n_extra (keyring), ==, 0);
}

static void
test_bad_passphrases (void)
{
  g_autoptr(DiscKeyring) keyring = disc_keyring_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("Empty and non-UTF-8 passphrases are refused; the keyring holds at most 16");
  g_assert_false (disc_keyring_add (keyring, "", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);
  g_assert_false (disc_keyring_add (keyring, "\xff\xfe", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
  g_clear_error (&error);

  for (guint i = 0; i < DISC_AEAD_MAX_KEYS; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);

      g_assert_true (disc_keyring_add (keyring, key, NULL));
    }
  g_assert_false (disc_keyring_add (keyring, "one too many", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY);
}

static void
test_derive_once (void)
{
  g_autoptr(DiscKeyring) keyring = disc_keyring_new ();
  GArray *first;
  GArray *second;
  DiscAeadKey expected;

  g_test_summary ("Derived keys match the aes-256-gcm derivation, primary first");
  disc_keyring_add (keyring, "alpha", NULL);
  disc_keyring_add (keyring, "beta", NULL);
  first = disc_keyring_derive (keyring);
  second = disc_keyring_derive (keyring);
  g_assert_cmpuint (first->len, ==, 2);
  disc_aead_derive_key ("alpha", &expected);
  g_assert_cmpmem (g_array_index (first, DiscAeadKey, 0).key, DISC_AEAD_KEY_SIZE,
                   expected.key, DISC_AEAD_KEY_SIZE);
  g_assert_cmpmem (first->data, first->len * sizeof (DiscAeadKey),
                   second->data, second->len * sizeof (DiscAeadKey));
  disc_wipe_keys (first);
  disc_wipe_keys (second);
}

static void
test_wipe (void)
{
  char secret[] = "a passphrase";
  const char zero[sizeof secret] = { 0, };

  g_test_summary ("disc_wipe() zeroes what it is given");
  disc_wipe (secret, sizeof secret);
  g_assert_cmpmem (secret, sizeof secret, zero, sizeof zero);
  disc_wipe (NULL, 10);   /* harmless */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/primary", test_primary);
  g_test_add_func ("/keyring/add-use-remove", test_add_use_remove);
  g_test_add_func ("/keyring/bad-passphrases", test_bad_passphrases);
  g_test_add_func ("/keyring/derive-once", test_derive_once);
  g_test_add_func ("/keyring/wipe", test_wipe);

  return g_test_run ();
}
