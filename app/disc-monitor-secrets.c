/* disc-monitor-secrets.c: the passphrase in the user's keyring
 *
 * The encryption passphrase set in Preferences is kept by the Secret
 * Service (GNOME Keyring, KeePassXC…) through libsecret, never in
 * GSettings or a file of the monitor's. One item, "Discovery Monitor
 * passphrase", found by its schema; the algorithm is not a secret and
 * lives in GSettings.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "disc-monitor-secrets.h"

#define ATTRIBUTE_NETWORK "network"
/* One passphrase for now: the network the preferences point at. */
#define NETWORK_DEFAULT "default"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.libdisc.Monitor.Passphrase", SECRET_SCHEMA_NONE,
    {
      { ATTRIBUTE_NETWORK, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/**
 * disc_monitor_secrets_lookup:
 * @cancellable: (nullable): a cancellable
 * @callback: called with the result
 * @user_data: for @callback
 *
 * Looks the stored passphrase up in the keyring.
 */
void
disc_monitor_secrets_lookup (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  secret_password_lookup (get_schema (), cancellable, callback, user_data,
                          ATTRIBUTE_NETWORK, NETWORK_DEFAULT, NULL);
}

/**
 * disc_monitor_secrets_lookup_finish:
 * @result: the result given to the callback
 * @error: return location for an error (no Secret Service, locked, …)
 *
 * Returns: (transfer full) (nullable): the passphrase, to free with
 *   disc_monitor_secrets_free(); %NULL without error when none is stored
 */
char *
disc_monitor_secrets_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

/**
 * disc_monitor_secrets_store:
 * @passphrase: the passphrase
 * @cancellable: (nullable): a cancellable
 * @callback: called when stored
 * @user_data: for @callback
 *
 * Stores @passphrase in the default keyring, replacing the one there.
 */
void
disc_monitor_secrets_store (const char          *passphrase,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (passphrase != NULL && *passphrase != '\0');

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT,
                         /* Translators: the keyring item's label, seen in Passwords and Keys */
                         _("Discovery Monitor encryption passphrase"),
                         passphrase, cancellable, callback, user_data,
                         ATTRIBUTE_NETWORK, NETWORK_DEFAULT, NULL);
}

/**
 * disc_monitor_secrets_store_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: whether the passphrase was stored
 */
gboolean
disc_monitor_secrets_store_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return secret_password_store_finish (result, error);
}

/**
 * disc_monitor_secrets_clear:
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Removes the stored passphrase from the keyring.
 */
void
disc_monitor_secrets_clear (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  secret_password_clear (get_schema (), cancellable, callback, user_data,
                         ATTRIBUTE_NETWORK, NETWORK_DEFAULT, NULL);
}

/**
 * disc_monitor_secrets_clear_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: whether a passphrase was removed
 */
gboolean
disc_monitor_secrets_clear_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return secret_password_clear_finish (result, error);
}

/**
 * disc_monitor_secrets_wipe:
 * @passphrase: (inout) (transfer full) (nullable): a copy of a passphrase,
 *   from the command line, $DISC_KEY or an entry
 *
 * Wipes *@passphrase (in a way the compiler does not drop), frees it and
 * sets it to %NULL.
 */
void
disc_monitor_secrets_wipe (char **passphrase)
{
  if (*passphrase == NULL)
    return;
  secret_password_wipe (*passphrase);
  g_clear_pointer (passphrase, g_free);
}

/**
 * disc_monitor_secrets_free:
 * @passphrase: (nullable): a passphrase from the keyring
 *
 * Wipes and frees @passphrase.
 */
void
disc_monitor_secrets_free (char *passphrase)
{
  secret_password_free (passphrase);
}
