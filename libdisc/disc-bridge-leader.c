/* disc-bridge-leader.c: the leases and the election of a DiscBridge:
 * grant and keep alive its own and the LAN lease, campaign, and drop the
 * lead when a lease is lost
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-bridge"

#include "config.h"

#include <string.h>

#include "disc-bridge-private.h"

/* ---- Leases --------------------------------------------------------- */

/* Bridges of one LAN share its lease: its ID is a 63-bit FNV-1a hash of
 * the LAN's prefix, so each finds the one the first granted. */
gint64
_disc_bridge_lan_lease_id (const char *prefix)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) prefix; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  hash &= G_GUINT64_CONSTANT (0x7fffffffffffffff);
  return hash != 0 ? (gint64) hash : 1;
}

void
_disc_bridge_drop_leadership (DiscBridge *self)
{
  g_clear_pointer (&self->leader, disc_etcd_leader_free);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->need_resync = TRUE;
  if (self->role == DISC_BRIDGE_ROLE_LEADER)
    _disc_bridge_set_role (self, DISC_BRIDGE_ROLE_STANDBY);
}

/* Takes the reference the call held on @self. */
static void
lease_granted (DiscBridge   *self_ref,
               GAsyncResult *result,
               gboolean      lan)
{
  g_autoptr(DiscBridge) self = self_ref;
  g_autoptr(GError) error = NULL;
  gint64 id = disc_etcd_client_lease_grant_finish (self->client, result, &error);

  if (!_disc_bridge_is_running (self))
    return;
  /* Another bridge of the LAN granted the LAN lease first: it is ours too. */
  if (id == 0 && !(lan && g_error_matches (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_LEASE_EXISTS)))
    {
      _disc_bridge_failed (self, error);
      return;
    }
  if (lan)
    self->lan_lease_ok = TRUE;
  else
    self->own_lease = id;
  _disc_bridge_succeeded (self);
  _disc_bridge_advance (self);
}

static void
on_own_granted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  lease_granted (user_data, result, FALSE);
}

static void
on_lan_granted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  lease_granted (user_data, result, TRUE);
}

/* Grants the bridge's own lease (a new ID) or the LAN's (the ID all its
 * bridges share). */
void
_disc_bridge_grant_lease (DiscBridge *self,
                          gboolean    lan)
{
  disc_etcd_client_lease_grant_async (self->client, lan ? self->lan_lease : 0, self->ttl_s,
                                      self->cancellable,
                                      lan ? on_lan_granted : on_own_granted,
                                      g_object_ref (self));
}

/* Ends a keepalive: whether the lease has expired while the bridge runs.
 * Alive, or etcd unreachable, is not: the next tick tries again. */
static gboolean
keepalive_expired (DiscBridge   *self,
                   GAsyncResult *result,
                   gboolean     *out)
{
  g_autoptr(GError) error = NULL;
  gint64 ttl = disc_etcd_client_lease_keepalive_finish (self->client, result, &error);

  *out = FALSE;
  return _disc_bridge_is_running (self) && ttl == 0;
}

static void
on_own_kept (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;

  if (!keepalive_expired (self, result, &self->own_keepalive_out))
    return;
  /* Expired (etcd was out of reach longer than the TTL): the election
   * key and the bridge key went with it. */
  g_debug ("bridge %s: own lease expired", self->bridge_id);
  self->own_lease = 0;
  self->bridge_key_written = FALSE;
  g_cancellable_cancel (self->campaign_cancellable);
  _disc_bridge_drop_leadership (self);
  _disc_bridge_advance (self);
}

static void
on_lan_kept (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;

  if (!keepalive_expired (self, result, &self->lan_keepalive_out))
    return;
  /* Expired: every node key went with it. Grant it again and, if
   * leading, write the LAN again from one range. */
  g_debug ("bridge %s: LAN lease expired", self->bridge_id);
  self->lan_lease_ok = FALSE;
  self->need_resync = TRUE;
  _disc_bridge_advance (self);
}

gboolean
_disc_bridge_on_keepalive_tick (gpointer user_data)
{
  DiscBridge *self = user_data;

  /* While etcd does not answer, a keepalive takes a few deadlines to
   * fail: do not pile more up behind it. */
  if (self->own_lease != 0 && !self->own_keepalive_out)
    {
      self->own_keepalive_out = TRUE;
      disc_etcd_client_lease_keepalive_async (self->client, self->own_lease, self->cancellable,
                                              on_own_kept, g_object_ref (self));
    }
  if (self->lan_lease_ok && !self->lan_keepalive_out)
    {
      self->lan_keepalive_out = TRUE;
      disc_etcd_client_lease_keepalive_async (self->client, self->lan_lease, self->cancellable,
                                              on_lan_kept, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

/* ---- Election ------------------------------------------------------- */

static void
on_campaign_won (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DiscBridge) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscEtcdLeader) leader = disc_etcd_client_campaign_finish (self->client, result, &error);

  self->campaigning = FALSE;
  if (!_disc_bridge_is_running (self))
    return;
  if (leader == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _disc_bridge_advance (self);
          return;
        }
      _disc_bridge_say_error (self, error);
      if (self->retry_id == 0)
        self->retry_id = g_timeout_add (RETRY_MS, _disc_bridge_on_retry, self);
      return;
    }
  g_debug ("bridge %s leads %s (key %s, rev %" G_GINT64_FORMAT ")",
           self->bridge_id, self->lan, leader->key, leader->rev);
  self->leader = g_steal_pointer (&leader);
  self->need_resync = TRUE;
  _disc_bridge_set_role (self, DISC_BRIDGE_ROLE_LEADER);
  _disc_bridge_advance (self);
}

void
_disc_bridge_campaign (DiscBridge *self)
{
  g_autoptr(GBytes) value = g_bytes_new (self->bridge_id, strlen (self->bridge_id));

  self->campaigning = TRUE;
  g_clear_object (&self->campaign_cancellable);
  self->campaign_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->campaign_cancellable, G_CONNECT_SWAPPED);
  disc_etcd_client_campaign_async (self->client, self->election_name, self->own_lease, value,
                                   self->campaign_cancellable, on_campaign_won,
                                   g_object_ref (self));
}
