/* disc-cli-keys.c: the passphrases of a node, from --key, --key-file or
 * $DISC_KEY
 *
 * The first passphrase is the key packets are sent with; the others join
 * the keyring (accepted, not sent with). Whether a passphrase or a
 * keyring is acceptable is the library's to say: its errors come back in
 * the DISC_OPTION_ERROR domain and disc-cli-node-options.c names the flag.
 * Every copy of a passphrase is wiped before it is freed.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <string.h>

#include "disc-cli-keys.h"
#include "disc-cli-tool.h"

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static void
wipe_strv (char **texts)
{
  if (texts == NULL)
    return;
  for (guint i = 0; texts[i] != NULL; i++)
    wipe_string (texts[i]);
  g_free (texts);
}

/* Wipes the --key passphrases in place, for whoever frees them: GOption
 * does when parsing fails. */
void
disc_cli_keys_wipe (DiscCliKeys *self)
{
  for (guint i = 0; self->key != NULL && self->key[i] != NULL; i++)
    explicit_bzero (self->key[i], strlen (self->key[i]));
}

void
disc_cli_keys_add_entries (DiscCliKeys *self,
                           GArray      *entries)
{
  const GOptionEntry key_entries[] = {
    { "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->key,
      "Encrypt and decrypt packets with this passphrase (default: $DISC_KEY, else none); "
      "repeat it with aes-256-gcm for a keyring: the first key sends, all are accepted",
      "KEY" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self->key_file,
      "Read the passphrase from FILE (a trailing newline is stripped); repeatable as --key",
      "FILE" },
  };

  g_array_append_vals (entries, key_entries, G_N_ELEMENTS (key_entries));
}

void
disc_cli_keys_clear (DiscCliKeys *self)
{
  g_clear_pointer (&self->key, wipe_strv);
  g_clear_pointer (&self->key_file, g_strfreev);
  self->source = NULL;
}

/* A key file holds one passphrase: far more than any is allowed, and a
 * bound on what is read, so that --key-file /dev/zero fails at once
 * instead of filling memory. */
#define MAX_KEY_FILE_BYTES (64 * 1024)

/* One passphrase from --key-file: the whole file but a trailing newline. */
static char *
read_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  char *contents = NULL;
  gsize length = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    {
      /* One byte more than allowed tells a file that is too large. */
      contents = g_malloc (MAX_KEY_FILE_BYTES + 2);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), contents, MAX_KEY_FILE_BYTES + 1,
                                    &length, NULL, &local_error))
        {
          explicit_bzero (contents, MAX_KEY_FILE_BYTES + 2);
          g_clear_pointer (&contents, g_free);
        }
      else
        contents[length] = '\0';
    }
  if (contents == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s; give a readable file holding the key", local_error->message);
      return NULL;
    }
  if (length > MAX_KEY_FILE_BYTES)
    {
      explicit_bzero (contents, length);
      g_free (contents);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s is over %d bytes (64 KiB); a key file holds one passphrase",
                   display, MAX_KEY_FILE_BYTES);
      return NULL;
    }
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';
  if (memchr (contents, '\0', length) != NULL)
    {
      explicit_bzero (contents, length);
      g_free (contents);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s holds a NUL byte; a key is text", display);
      return NULL;
    }
  if (length == 0)
    {
      g_free (contents);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s is empty; put the key in it, or leave --key-file out",
                   display);
      return NULL;
    }
  return contents;
}

/* The passphrases in the order given: --key values or --key-file
 * contents (not both: their relative order would be lost), else
 * $DISC_KEY. */
static GPtrArray *
collect (DiscCliKeys  *self,
         GError      **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) wipe_string);
  const char *from_environment = g_getenv ("DISC_KEY");

  if (self->key != NULL && self->key_file != NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key and --key-file were both given; give only one of them");
      return NULL;
    }
  if (self->key != NULL)
    {
      self->source = "--key";
      for (guint i = 0; self->key[i] != NULL; i++)
        g_ptr_array_add (keys, g_strdup (self->key[i]));
    }
  else if (self->key_file != NULL)
    {
      self->source = "--key-file";
      for (guint i = 0; self->key_file[i] != NULL; i++)
        {
          char *contents = read_key_file (self->key_file[i], error);

          if (contents == NULL)
            return NULL;
          g_ptr_array_add (keys, contents);
        }
    }
  else if (from_environment != NULL && *from_environment != '\0')
    {
      self->source = "$DISC_KEY";
      g_ptr_array_add (keys, g_strdup (from_environment));
    }
  return g_steal_pointer (&keys);
}

/**
 * disc_cli_keys_apply:
 * @self: the keys given
 * @discovery: a discovery, not started
 * @error: return location for a %DISC_CLI_ERROR_USAGE error about a key
 *   file, or the library's %DISC_OPTION_ERROR
 *
 * Gives @discovery its key and keyring. Sets @self->source.
 */
gboolean
disc_cli_keys_apply (DiscCliKeys    *self,
                     DiscDiscovery  *discovery,
                     GError        **error)
{
  g_autoptr(GPtrArray) keys = collect (self, error);

  if (keys == NULL)
    return FALSE;
  if (keys->len == 0)
    return TRUE;

  g_object_set (discovery, "key", keys->pdata[0], NULL);
  for (guint i = 1; i < keys->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (disc_discovery_add_key (discovery, keys->pdata[i], &local_error))
        continue;
      /* The library refused a keyring for this algorithm: say which flag
       * makes one, and how to have one. */
      if (g_error_matches (local_error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM))
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "%s was given %u times; a keyring of several keys needs "
                     "--algorithm aes-256-gcm", self->source, keys->len);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
