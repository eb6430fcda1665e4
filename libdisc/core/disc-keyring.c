/* disc-keyring.c: passphrases, their derived keys, and wiping them
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-keyring"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "disc-keyring.h"
#include "disc-option-error.h"
#include "disc-wipe.h"

struct _DiscKeyring
{
  char       *primary;        /* nullable: the passphrase packets are sent with */
  GPtrArray  *extra;          /* of passphrases accepted besides the primary */
  GHashTable *derived;        /* passphrase -> DiscAeadKey, so each is derived once */
};

static void
wipe_string (gpointer data)
{
  char *text = data;

  if (text != NULL)
    disc_wipe (text, strlen (text));
  g_free (text);
}

static void
wipe_key (gpointer data)
{
  disc_wipe (data, sizeof (DiscAeadKey));
  g_free (data);
}

void
disc_wipe_keys (GArray *keys)
{
  if (keys == NULL)
    return;
  disc_wipe (keys->data, keys->len * sizeof (DiscAeadKey));
  g_array_unref (keys);
}

DiscKeyring *
disc_keyring_new (void)
{
  DiscKeyring *self = g_new0 (DiscKeyring, 1);

  self->extra = g_ptr_array_new_with_free_func (wipe_string);
  self->derived = g_hash_table_new_full (g_str_hash, g_str_equal, wipe_string, wipe_key);
  return self;
}

void
disc_keyring_free (DiscKeyring *self)
{
  if (self == NULL)
    return;
  wipe_string (self->primary);
  g_ptr_array_unref (self->extra);
  g_hash_table_unref (self->derived);
  g_free (self);
}

gboolean
disc_keyring_has_primary (DiscKeyring *self)
{
  return self->primary != NULL;
}

gboolean
disc_keyring_primary_is_empty (DiscKeyring *self)
{
  return self->primary != NULL && *self->primary == '\0';
}

guint
disc_keyring_get_n_extra (DiscKeyring *self)
{
  return self->extra->len;
}

const char *
disc_keyring_peek_primary (DiscKeyring *self)
{
  return self->primary;
}

static int
find_extra (DiscKeyring *self,
            const char  *passphrase)
{
  for (guint i = 0; i < self->extra->len; i++)
    if (strcmp (self->extra->pdata[i], passphrase) == 0)
      return i;
  return -1;
}

static void
forget_derived (DiscKeyring *self,
                const char  *passphrase)
{
  if (passphrase != NULL)
    g_hash_table_remove (self->derived, passphrase);
}

/* Sets the passphrase packets are sent with, as the key property does: the
 * old primary leaves the keyring, and one promoted from the others is not
 * kept twice. Returns whether anything changed. */
gboolean
disc_keyring_set_primary (DiscKeyring *self,
                          const char  *passphrase)
{
  int extra;

  if (g_strcmp0 (self->primary, passphrase) == 0)
    return FALSE;
  extra = passphrase != NULL ? find_extra (self, passphrase) : -1;
  if (extra >= 0)
    g_ptr_array_remove_index (self->extra, extra);
  forget_derived (self, self->primary);
  wipe_string (self->primary);
  self->primary = g_strdup (passphrase);
  return TRUE;
}

gboolean
disc_keyring_check_passphrase (const char  *function,
                               const char  *passphrase,
                               GError     **error)
{
  if (*passphrase == '\0')
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: %s: the key is empty"), function);
      return FALSE;
    }
  if (!g_utf8_validate (passphrase, -1, NULL))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: %s: the key is not UTF-8 text"), function);
      return FALSE;
    }
  return TRUE;
}

gboolean
disc_keyring_contains (DiscKeyring *self,
                       const char  *passphrase)
{
  return g_strcmp0 (self->primary, passphrase) == 0 || find_extra (self, passphrase) >= 0;
}

gboolean
disc_keyring_add (DiscKeyring  *self,
                  const char   *passphrase,
                  GError      **error)
{
  if (!disc_keyring_check_passphrase ("add_key", passphrase, error))
    return FALSE;
  if (disc_keyring_contains (self, passphrase))
    return TRUE;
  if (self->primary == NULL)
    {
      disc_keyring_set_primary (self, passphrase);
      return TRUE;
    }
  if (self->extra->len + 1 >= DISC_AEAD_MAX_KEYS)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: add_key: the keyring is full (%d keys); remove one first"),
                   DISC_AEAD_MAX_KEYS);
      return FALSE;
    }
  g_ptr_array_add (self->extra, g_strdup (passphrase));
  return TRUE;
}

gboolean
disc_keyring_remove (DiscKeyring  *self,
                     const char   *passphrase,
                     GError      **error)
{
  int index;

  if (g_strcmp0 (self->primary, passphrase) == 0)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: remove_key: this is the primary key, which packets are sent with; "
                     "use another key first"));
      return FALSE;
    }
  index = find_extra (self, passphrase);
  if (index < 0)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: remove_key: the key is not in the keyring"));
      return FALSE;
    }
  forget_derived (self, passphrase);
  g_ptr_array_remove_index (self->extra, index);
  return TRUE;
}

gboolean
disc_keyring_use (DiscKeyring  *self,
                  const char   *passphrase,
                  GError      **error)
{
  int index;
  char *promoted;

  if (!disc_keyring_check_passphrase ("use_key", passphrase, error))
    return FALSE;
  if (g_strcmp0 (self->primary, passphrase) == 0)
    return TRUE;
  index = find_extra (self, passphrase);
  if (index < 0)
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_KEY,
                   _("key: use_key: the key is not in the keyring; add it first"));
      return FALSE;
    }
  /* Swap: the old primary becomes one of the others. */
  promoted = self->extra->pdata[index];
  self->extra->pdata[index] = self->primary;
  self->primary = promoted;
  return TRUE;
}

static const DiscAeadKey *
derived_key (DiscKeyring *self,
             const char  *passphrase)
{
  DiscAeadKey *key = g_hash_table_lookup (self->derived, passphrase);

  if (key == NULL)
    {
      key = g_new0 (DiscAeadKey, 1);
      disc_aead_derive_key (passphrase, key);
      g_hash_table_insert (self->derived, g_strdup (passphrase), key);
    }
  return key;
}

/* The derived keys, primary first; NULL without a primary. Free the array
 * with disc_wipe_keys(). */
GArray *
disc_keyring_derive (DiscKeyring *self)
{
  GArray *keys;

  if (self->primary == NULL)
    return NULL;
  keys = g_array_new (FALSE, FALSE, sizeof (DiscAeadKey));
  g_array_append_val (keys, *derived_key (self, self->primary));
  for (guint i = 0; i < self->extra->len; i++)
    g_array_append_val (keys, *derived_key (self, self->extra->pdata[i]));
  return keys;
}

char **
disc_keyring_list_ids (DiscKeyring *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  GArray *keys = disc_keyring_derive (self);

  for (guint i = 0; keys != NULL && i < keys->len; i++)
    g_ptr_array_add (ids, disc_aead_key_id_to_string (g_array_index (keys, DiscAeadKey, i).id));
  disc_wipe_keys (keys);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}
