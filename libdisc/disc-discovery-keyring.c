/* disc-discovery-keyring.c: DiscDiscovery's keyring methods
 *
 * The passphrases live in core/disc-keyring.c; this file checks the
 * algorithm, and hands the derived keys to the codec of a running node.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "disc-discovery-private.h"
#include "core/disc-aead.h"

DiscOptionsKeys
_disc_discovery_options_keys (DiscDiscoveryPrivate *priv)
{
  return (DiscOptionsKeys) {
    .has_primary = disc_keyring_has_primary (priv->keyring),
    .primary_is_empty = disc_keyring_primary_is_empty (priv->keyring),
    .n_extra = disc_keyring_get_n_extra (priv->keyring),
  };
}

/* Running with aes-256-gcm: the codec takes the keyring as it is now. */
gboolean
_disc_discovery_sync_keyring (DiscDiscovery  *self,
                              GError        **error)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  GArray *keys;
  gboolean ok;

  if (priv->codec == NULL || !disc_codec_is_authenticated (priv->codec))
    return TRUE;
  keys = disc_keyring_derive (priv->keyring);
  if (keys == NULL)
    return TRUE;   /* no key to send with: keep the old ones until restart */
  ok = disc_codec_set_aead_keys (priv->codec, (const DiscAeadKey *) keys->data, keys->len, error);
  disc_wipe_keys (keys);
  return ok;
}

/* What add_key and use_key ask of @key and of the algorithm. */
static gboolean
check_key_and_algorithm (DiscDiscoveryPrivate  *priv,
                         const char            *function,
                         const char            *key,
                         GError               **error)
{
  if (!disc_keyring_check_passphrase (function, key, error))
    return FALSE;
  if (!disc_options_is_aead (&priv->options))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM,
                   _("algorithm: %s: a keyring needs the aes-256-gcm algorithm, not “%s”"),
                   function, priv->options.algorithm ? priv->options.algorithm : "");
      return FALSE;
    }
  return TRUE;
}

DiscCodec *
_disc_discovery_make_codec (DiscDiscoveryPrivate  *priv,
                            GError               **error)
{
  const DiscOptions *options = &priv->running;
  DiscCodec *codec;
  GArray *keys;

  if (!disc_keyring_has_primary (priv->keyring) || !disc_options_is_aead (options))
    return disc_codec_new (options->dialect, options->algorithm,
                           disc_keyring_peek_primary (priv->keyring), error);
  keys = disc_keyring_derive (priv->keyring);
  codec = disc_codec_new_aead (options->dialect, (const DiscAeadKey *) keys->data, keys->len, error);
  disc_wipe_keys (keys);
  return codec;
}

/**
 * disc_discovery_add_key:
 * @self: a discovery
 * @key: a passphrase
 *
 * Adds @key to the keyring of the "aes-256-gcm" algorithm: packets sealed
 * with it are accepted from now on, while packets are still sent with the
 * primary key ([property@Disc.Discovery:key]). If there is no primary key
 * yet, @key becomes it. Works while running: the change applies to the
 * next packet.
 *
 * Rotating the key of a cluster without losing a packet, as Serf does:
 * add the new key on every node, then [method@Disc.Discovery.use_key] it on
 * every node, then [method@Disc.Discovery.remove_key] the old one.
 *
 * Each new key is derived from its passphrase once (PBKDF2, about 0.1 s).
 * The keyring holds at most 16 keys.
 *
 * Returns: %TRUE if @key is in the keyring (it may have been already);
 *   %FALSE with @error set if @key is empty or the keyring is full
 *   (%DISC_OPTION_ERROR_KEY), or the algorithm is not "aes-256-gcm"
 *   (%DISC_OPTION_ERROR_ALGORITHM)
 */
gboolean
disc_discovery_add_key (DiscDiscovery  *self,
                        const char     *key,
                        GError        **error)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = _disc_discovery_get_private (self);
  if (!check_key_and_algorithm (priv, "add_key", key, error))
    return FALSE;
  if (!disc_keyring_add (priv->keyring, key, error))
    return FALSE;
  if (!_disc_discovery_sync_keyring (self, error))
    {
      disc_keyring_remove (priv->keyring, key, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * disc_discovery_remove_key:
 * @self: a discovery
 * @key: a passphrase in the keyring
 *
 * Removes @key from the keyring: packets sealed with it are dropped from
 * now on (%DISC_DROP_DECRYPT). The primary key cannot be removed; choose
 * another with [method@Disc.Discovery.use_key] first. Works while running.
 *
 * Returns: %TRUE if @key was removed; %FALSE with @error set
 *   (%DISC_OPTION_ERROR_KEY) if it is the primary key or not in the
 *   keyring
 */
gboolean
disc_discovery_remove_key (DiscDiscovery  *self,
                           const char     *key,
                           GError        **error)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = _disc_discovery_get_private (self);
  if (!disc_keyring_remove (priv->keyring, key, error))
    return FALSE;
  return _disc_discovery_sync_keyring (self, error);
}

/**
 * disc_discovery_use_key:
 * @self: a discovery
 * @key: a passphrase in the keyring
 *
 * Makes @key, which must be in the keyring already (see
 * [method@Disc.Discovery.add_key]), the primary key: packets are sent
 * with it from now on. The previous primary stays in the keyring, so
 * packets sealed with it are still accepted. Works while running.
 *
 * Returns: %TRUE if @key is now the primary key; %FALSE with @error set
 *   (%DISC_OPTION_ERROR_KEY) if it is not in the keyring, or
 *   (%DISC_OPTION_ERROR_ALGORITHM) if the algorithm is not "aes-256-gcm"
 */
gboolean
disc_discovery_use_key (DiscDiscovery  *self,
                        const char     *key,
                        GError        **error)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = _disc_discovery_get_private (self);
  if (!check_key_and_algorithm (priv, "use_key", key, error))
    return FALSE;
  if (g_strcmp0 (disc_keyring_peek_primary (priv->keyring), key) == 0)
    return TRUE;
  return disc_keyring_use (priv->keyring, key, error) && _disc_discovery_sync_keyring (self, error);
}

/**
 * disc_discovery_list_keys:
 * @self: a discovery
 *
 * Lists the keyring by key id, never by passphrase: the id is the first 8
 * bytes of a SHA-256 of the derived key, in hex, as sent in every
 * "aes-256-gcm" packet. The primary key comes first. The ids are
 * computed with the aes-256-gcm derivation whatever the algorithm.
 *
 * Returns: (transfer full) (array zero-terminated=1): the key ids, an
 *   empty array if there is no key
 */
char **
disc_discovery_list_keys (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);

  priv = _disc_discovery_get_private (self);
  return disc_keyring_list_ids (priv->keyring);
}
