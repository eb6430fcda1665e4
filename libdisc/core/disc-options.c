/* disc-options.c: defaults and validation of a node's options, no I/O
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-options"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "disc-options.h"
#include "disc-option-error-private.h"
#include "disc-aead.h"
#include "disc-legacy-cipher.h"

void
disc_options_init (DiscOptions *options)
{
  *options = (DiscOptions) {
    .hello_interval = DISC_DEFAULT_HELLO_INTERVAL,
    .check_interval = DISC_DEFAULT_CHECK_INTERVAL,
    .node_timeout = DISC_DEFAULT_NODE_TIMEOUT,
    .master_timeout = DISC_DEFAULT_MASTER_TIMEOUT,
    .masters_required = DISC_DEFAULT_MASTERS_REQUIRED,
    .address = g_strdup (DISC_DEFAULT_ADDRESS),
    .port = DISC_DEFAULT_PORT,
    .multicast_ttl = DISC_DEFAULT_MULTICAST_TTL,
    .algorithm = g_strdup (DISC_DEFAULT_ALGORITHM),
    .ignore = DISC_DEFAULT_IGNORE,
    .ignore_data_errors = TRUE,
    .reuse_address = TRUE,
    .dialect = DISC_DEFAULT_DIALECT,
    .max_nodes = DISC_DEFAULT_MAX_NODES,
    .new_node_rate = DISC_DEFAULT_NEW_NODE_RATE,
  };
}

void
disc_options_clear (DiscOptions *options)
{
  g_clear_pointer (&options->address, g_free);
  g_clear_pointer (&options->broadcast, g_free);
  g_clear_pointer (&options->multicast, g_free);
  g_clear_pointer (&options->algorithm, g_free);
  g_clear_pointer (&options->unicast, g_strfreev);
}

void
disc_options_copy (const DiscOptions *src,
                   DiscOptions       *dest)
{
  *dest = *src;
  dest->address = g_strdup (src->address);
  dest->broadcast = g_strdup (src->broadcast);
  dest->multicast = g_strdup (src->multicast);
  dest->algorithm = g_strdup (src->algorithm);
  dest->unicast = g_strdupv (src->unicast);
}

gboolean
disc_options_uses_default_broadcast (const DiscOptions *options)
{
  return (options->unicast == NULL || options->unicast[0] == NULL) &&
         options->broadcast == NULL && options->multicast == NULL;
}

gboolean
disc_options_is_aead (const DiscOptions *options)
{
  return disc_aead_algorithm_is (options->algorithm);
}

static gboolean
fail (GError          **error,
      DiscOptionError   code,
      int               conflict,   /* a DiscOptionError, or -1 */
      const char       *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError          **error,
      DiscOptionError   code,
      int               conflict,
      const char       *format,
      ...)
{
  va_list args;
  GError *local_error;

  va_start (args, format);
  local_error = g_error_new_valist (DISC_OPTION_ERROR, code, format, args);
  va_end (args);
  if (conflict >= 0)
    _disc_option_error_set_conflict (local_error, conflict);
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
check_ipv4 (DiscOptionError   code,
            const char       *option,
            const char       *text,
            GError          **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return fail (error, code, -1, _("%s: “%s” is not an IPv4 address"), option, text);
  return TRUE;
}

/* host[:port], syntax only: a host name is resolved by the transport. */
gboolean
disc_options_parse_unicast (const char  *text,
                            guint        default_port,
                            char       **host,
                            guint16     *port,
                            GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GError) local_error = NULL;
  guint16 parsed_port;

  connectable = g_network_address_parse (text, default_port, &local_error);
  if (connectable == NULL)
    return fail (error, DISC_OPTION_ERROR_UNICAST, -1,
                 _("unicast: “%s” is not host[:port]: %s"), text, local_error->message);
  parsed_port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  /* The kernel refuses to send to port 0; say so now, not on every hello. */
  if (parsed_port == 0)
    return fail (error, DISC_OPTION_ERROR_UNICAST, -1,
                 _("unicast: “%s”: port 0 cannot be sent to; give a port in 1–65535"), text);
  /* A peer is one host. The limited broadcast address or a group would
   * broadcast or multicast under the name of unicast, past the check that
   * only one of them is set; 0.0.0.0 would reach only this host. (A
   * subnet's broadcast address cannot be told from a host's here.) */
  {
    g_autoptr(GInetAddress) literal =
      g_inet_address_new_from_string (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)));

    if (literal != NULL && g_inet_address_get_family (literal) == G_SOCKET_FAMILY_IPV4)
      {
        const guint8 *bytes = g_inet_address_to_bytes (literal);

        if (g_inet_address_get_is_multicast (literal))
          return fail (error, DISC_OPTION_ERROR_UNICAST, -1,
                       _("unicast: “%s” is a multicast group, not a peer; use multicast for it"),
                       text);
        if (bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255)
          return fail (error, DISC_OPTION_ERROR_UNICAST, -1,
                       _("unicast: “%s” is the broadcast address, not a peer; use broadcast for it"),
                       text);
        if (g_inet_address_get_is_any (literal))
          return fail (error, DISC_OPTION_ERROR_UNICAST, -1,
                       _("unicast: “%s” is no host; give a peer's address"), text);
      }
  }
  if (host != NULL)
    *host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)));
  if (port != NULL)
    *port = parsed_port;
  return TRUE;
}

gboolean
disc_options_validate (const DiscOptions      *options,
                       const DiscOptionsKeys  *keys,
                       GError                **error)
{
  if (options->node_timeout < options->check_interval)
    return fail (error, DISC_OPTION_ERROR_NODE_TIMEOUT, DISC_OPTION_ERROR_CHECK_INTERVAL,
                 _("node-timeout (%u ms) must be at least check-interval (%u ms)"),
                 options->node_timeout, options->check_interval);
  if (options->master_timeout < options->node_timeout)
    return fail (error, DISC_OPTION_ERROR_MASTER_TIMEOUT, DISC_OPTION_ERROR_NODE_TIMEOUT,
                 _("master-timeout (%u ms) must be at least node-timeout (%u ms)"),
                 options->master_timeout, options->node_timeout);
  if (!check_ipv4 (DISC_OPTION_ERROR_ADDRESS, "address", options->address, error))
    return FALSE;
  if (options->broadcast != NULL)
    {
      g_autoptr(GInetAddress) destination = NULL;

      if (!check_ipv4 (DISC_OPTION_ERROR_BROADCAST, "broadcast", options->broadcast, error))
        return FALSE;
      /* Datagrams sent to a group reach only the sockets that joined it,
       * and this one would not: the node would hear no one. 0.0.0.0
       * reaches only this host. */
      destination = g_inet_address_new_from_string (options->broadcast);
      if (g_inet_address_get_is_multicast (destination))
        return fail (error, DISC_OPTION_ERROR_BROADCAST, -1,
                     _("broadcast: “%s” is a multicast group, not a broadcast address; use multicast for it"),
                     options->broadcast);
      if (g_inet_address_get_is_any (destination))
        return fail (error, DISC_OPTION_ERROR_BROADCAST, -1,
                     _("broadcast: “%s” is no destination; give a broadcast address such as 255.255.255.255"),
                     options->broadcast);
    }
  if (options->multicast != NULL)
    {
      g_autoptr(GInetAddress) group = NULL;

      if (!check_ipv4 (DISC_OPTION_ERROR_MULTICAST, "multicast", options->multicast, error))
        return FALSE;
      group = g_inet_address_new_from_string (options->multicast);
      if (!g_inet_address_get_is_multicast (group))
        return fail (error, DISC_OPTION_ERROR_MULTICAST, -1,
                     _("multicast: “%s” is not a multicast address (224.0.0.0/4)"),
                     options->multicast);
    }
  if (options->broadcast != NULL && options->multicast != NULL)
    return fail (error, DISC_OPTION_ERROR_BROADCAST, DISC_OPTION_ERROR_MULTICAST,
                 _("broadcast and multicast are both set; set only one of them"));
  if (options->unicast != NULL && options->unicast[0] != NULL)
    {
      if (options->broadcast != NULL || options->multicast != NULL)
        return fail (error, DISC_OPTION_ERROR_UNICAST,
                     options->broadcast != NULL ? DISC_OPTION_ERROR_BROADCAST
                                                : DISC_OPTION_ERROR_MULTICAST,
                     _("unicast cannot be combined with %s; set only one of them"),
                     options->broadcast != NULL ? "broadcast" : "multicast");
      for (guint i = 0; options->unicast[i] != NULL; i++)
        if (!disc_options_parse_unicast (options->unicast[i], options->port, NULL, NULL, error))
          return FALSE;
    }
  if (keys->has_primary && keys->primary_is_empty)
    return fail (error, DISC_OPTION_ERROR_KEY, -1,
                 _("key: the key is empty; unset it for no encryption"));
  if (!disc_legacy_cipher_algorithm_is_known (options->algorithm) &&
      !disc_aead_algorithm_is (options->algorithm))
    return fail (error, DISC_OPTION_ERROR_ALGORITHM, -1,
                 _("algorithm: unknown algorithm “%s” (use aes-256-gcm, or aes256, aes192 or "
                   "aes128 to talk to the npm packages)"),
                 options->algorithm ? options->algorithm : "");
  if (keys->n_extra > 0 && !keys->has_primary)
    return fail (error, DISC_OPTION_ERROR_KEY, -1,
                 _("key: the keyring has %u keys but none to send with; choose one with "
                   "disc_discovery_use_key()"), keys->n_extra);
  if (keys->n_extra > 0 && !disc_aead_algorithm_is (options->algorithm))
    return fail (error, DISC_OPTION_ERROR_ALGORITHM, DISC_OPTION_ERROR_KEY,
                 _("algorithm: a keyring of %u keys needs aes-256-gcm, not “%s”"),
                 keys->n_extra + 1, options->algorithm);
  /* Without authentication anyone on the LAN could forge or replay a
   * request (doc/protocol.md, section 9). */
  if (options->remote_control && !disc_aead_algorithm_is (options->algorithm))
    return fail (error, DISC_OPTION_ERROR_REMOTE_CONTROL, DISC_OPTION_ERROR_ALGORITHM,
                 _("remote-control needs the aes-256-gcm algorithm, not “%s”: without "
                   "authentication anyone on the network could forge or replay a request"),
                 options->algorithm ? options->algorithm : "");
  if (options->remote_control && !keys->has_primary)
    return fail (error, DISC_OPTION_ERROR_REMOTE_CONTROL, DISC_OPTION_ERROR_KEY,
                 _("remote-control needs an aes-256-gcm key: without one anyone on the "
                   "network could forge or replay a request"));
  return TRUE;
}
