/* disc-discovery-stats.c: DiscDiscovery's counters
 *
 * What was received, sent and dropped (core/disc-stats.h), and who sent
 * what was dropped (core/disc-drop-log.c).
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include "disc-discovery-private.h"

/**
 * disc_discovery_get_drop_count:
 * @self: a discovery
 * @reason: why
 *
 * Counts the received datagrams (or messages) dropped for one reason.
 *
 * Returns: how many datagrams (or messages) were dropped for @reason since
 *   @self was created
 */
guint64
disc_discovery_get_drop_count (DiscDiscovery  *self,
                               DiscDropReason  reason)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, 0);
  priv = _disc_discovery_get_private (self);
  return priv->stats.drops[reason];
}

/**
 * disc_discovery_get_drop_total:
 * @self: a discovery
 *
 * Counts the received datagrams dropped for any [enum@Disc.DropReason].
 *
 * Returns: how many datagrams were dropped, for any reason
 */
guint64
disc_discovery_get_drop_total (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = _disc_discovery_get_private (self);
  return disc_stats_drop_total (&priv->stats);
}

/**
 * disc_discovery_get_drop_source_count:
 * @self: a discovery
 * @reason: why
 *
 * Counts the distinct source addresses of the datagrams dropped for
 * @reason since @self was created ("12 packets from 3 addresses could not
 * be decrypted"). At most 256 addresses are remembered per reason.
 *
 * Returns: how many addresses sent datagrams dropped for @reason
 *
 * Since: 0.2
 */
guint
disc_discovery_get_drop_source_count (DiscDiscovery  *self,
                                      DiscDropReason  reason)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, 0);
  priv = _disc_discovery_get_private (self);
  return disc_drop_log_get_n_sources (priv->drop_log, reason);
}

/**
 * disc_discovery_list_drop_sources:
 * @self: a discovery
 * @reason: why
 *
 * Lists the source addresses of the datagrams dropped for @reason, in
 * address order, as [method@Disc.Discovery.get_drop_source_count] counts
 * them.
 *
 * Returns: (transfer full) (array zero-terminated=1): IPv4 addresses in
 *   dotted form; an empty array if nothing was dropped for @reason
 *
 * Since: 0.2
 */
char **
disc_discovery_list_drop_sources (DiscDiscovery  *self,
                                  DiscDropReason  reason)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (reason < DISC_DROP_N_REASONS, NULL);
  priv = _disc_discovery_get_private (self);
  return disc_drop_log_list_sources (priv->drop_log, reason);
}

/**
 * disc_discovery_get_received_count:
 * @self: a discovery
 *
 * Counts the datagrams received since @self was created.
 *
 * Returns: how many datagrams arrived, including dropped ones and our own
 */
guint64
disc_discovery_get_received_count (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = _disc_discovery_get_private (self);
  return priv->stats.received;
}

/**
 * disc_discovery_get_sent_count:
 * @self: a discovery
 *
 * Counts the datagrams sent since @self was created: hellos, goodbyes and
 * channel messages.
 *
 * Returns: how many datagrams were sent
 */
guint64
disc_discovery_get_sent_count (DiscDiscovery *self)
{
  DiscDiscoveryPrivate *priv;

  g_return_val_if_fail (DISC_IS_DISCOVERY (self), 0);
  priv = _disc_discovery_get_private (self);
  return priv->stats.sent;
}


