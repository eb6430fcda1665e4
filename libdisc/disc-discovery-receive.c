/* disc-discovery-receive.c: DiscDiscovery's receive path
 *
 * What each received datagram means: the transport hands it to
 * _disc_discovery_on_datagram(), which opens it (core/disc-codec.c), lets
 * an unchanged hello only refresh its node (core/disc-hello-cache.c),
 * and dispatches each envelope: hellos and goodbyes to the membership,
 * remote-control packets to disc-remote-control.c, anything else as a
 * channel message. Drops are counted and reported here.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <glib/gi18n-lib.h>

#include "disc-discovery-private.h"
#include "disc-error.h"
#include "disc-node-private.h"
#include "core/disc-control.h"

static gboolean
should_ignore (DiscDiscoveryPrivate *priv,
               DiscEnvelope         *envelope)
{
  switch (priv->running.ignore)
    {
    case DISC_IGNORE_SELF:
      return strcmp (envelope->iid, disc_node_get_id (priv->me)) == 0;
    case DISC_IGNORE_PROCESS:
      return strcmp (envelope->pid, priv->process_id) == 0;
    case DISC_IGNORE_NONE:
    default:
      return FALSE;
    }
}

/* @from: the struct sockaddr (IPv4) of the datagram to blame, @from_len
 * bytes, or NULL. It becomes a GSocketAddress and text only here, when
 * there is something to report. */
void
_disc_discovery_report_drop (DiscDiscovery  *self,
                             DiscDropReason  reason,
                             gconstpointer   from,
                             gsize           from_len)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  const struct sockaddr_in *from_in = from;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GError) error = NULL;
  guint32 source = 0;

  if (from != NULL && from_len >= sizeof *from_in && from_in->sin_family == AF_INET)
    source = g_ntohl (from_in->sin_addr.s_addr);
  if (from != NULL)
    address = g_socket_address_new_from_native ((gpointer) from, from_len);
  if (address != NULL && !G_IS_INET_SOCKET_ADDRESS (address))
    g_clear_object (&address);
  if (disc_drop_log_add (priv->drop_log, reason, source, _disc_discovery_now_ms ()))
    {
      g_autofree char *text = address ? g_inet_address_to_string (
                                g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)))
                              : NULL;

      _disc_discovery_emit_drop_started (self, reason, text);
    }
  if (priv->running.ignore_data_errors)
    return;
  /* A partial message that times out has no one datagram to blame. */
  where = address ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address))
                  : g_strdup (_("several datagrams"));
  error = g_error_new (DISC_ERROR, DISC_ERROR_BAD_PACKET, _("dropped a packet from %s: %s"),
                       where, disc_drop_reason_describe (reason));
  _disc_discovery_emit_error (self, error);
}

/* The kernel dropped @count datagrams before we read them, the socket's
 * buffer being full (disc-transport.c). Counted as any drop, but reported
 * once per @count rather than once per datagram: there are no datagrams
 * to blame, nor any source address. */
void
_disc_discovery_on_kernel_drops (guint    count,
                                 gpointer user_data)
{
  DiscDiscovery *self = DISC_DISCOVERY (user_data);
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  g_autoptr(GError) error = NULL;

  priv->stats.drops[DISC_DROP_RECEIVE_BUFFER] += count;
  if (disc_drop_log_add (priv->drop_log, DISC_DROP_RECEIVE_BUFFER, 0, _disc_discovery_now_ms ()))
    _disc_discovery_emit_drop_started (self, DISC_DROP_RECEIVE_BUFFER, NULL);
  if (priv->running.ignore_data_errors || priv->transport == NULL)
    return;
  error = g_error_new (DISC_ERROR, DISC_ERROR_BAD_PACKET,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "the kernel dropped %u packet before it was read: the receive "
                                    "buffer was full (raise net.core.rmem_max, or read faster)",
                                    "the kernel dropped %u packets before they were read: the receive "
                                    "buffer was full (raise net.core.rmem_max, or read faster)",
                                    count),
                       count);
  _disc_discovery_emit_error (self, error);
}

/* One received datagram: its raw source, and what the codec made of it. */
typedef struct
{
  const struct sockaddr_in *from;
  gsize                     from_len;
  DiscSourceKey             source;
  const guint8             *clear;     /* disc_codec_open()'s result */
  gsize                     clear_len;
  gboolean                  whole;     /* it carried this one envelope alone */
  gint64                    now_ms;
  gint64                    wall_ms;
} Received;

/* A drop this file decides (the codec counts its own): counted, and
 * reported against the datagram's source. */
static void
drop_received (DiscDiscovery  *self,
               DiscDropReason  reason,
               const Received *received)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);

  priv->stats.drops[reason]++;
  _disc_discovery_report_drop (self, reason, received->from, received->from_len);
}

static void
dispatch_hello (DiscDiscovery *self,
                DiscEnvelope  *envelope,
                Received      *received)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  char address[INET_ADDRSTRLEN];
  DiscHello hello;
  DiscNode *node;
  guint64 serial;

  if (!disc_hello_parse (envelope->data, &hello))
    {
      drop_received (self, DISC_DROP_HELLO, received);
      return;
    }
  /* The socket is IPv4: its address becomes text in a stack buffer, with
   * no GInetAddress and no allocation. */
  if (inet_ntop (AF_INET, &received->from->sin_addr, address, sizeof address) == NULL)
    {
      disc_hello_clear (&hello);
      return;
    }

  node = disc_membership_lookup (priv->membership, envelope->iid);
  if (node == NULL && priv->rate_limit != NULL)
    {
      guint32 source;

      memcpy (&source, &received->from->sin_addr, 4);
      if (!disc_rate_limit_take (priv->rate_limit, source, received->now_ms))
        {
          disc_hello_clear (&hello);
          drop_received (self, DISC_DROP_RATE_LIMIT, received);
          return;
        }
    }
  if (!disc_membership_handle_hello_for (priv->membership, node, envelope->iid, envelope->pid,
                                         envelope->host_name, address,
                                         g_ntohs (received->from->sin_port), &hello,
                                         received->now_ms, received->wall_ms, &serial))
    {
      drop_received (self, DISC_DROP_NODE_LIMIT, received);
    }
  /* From now on the same bytes from the same source only refresh it. (A
   * handler of its signals may have stopped us: then there is no cache.) */
  else if (received->whole && priv->hello_cache != NULL)
    disc_hello_cache_confirm (priv->hello_cache, &received->source, received->clear,
                              received->clear_len, priv->membership, envelope->iid, serial);
  disc_hello_clear (&hello);
}

static void
dispatch_envelope (DiscDiscovery *self,
                   DiscEnvelope  *envelope,
                   Received      *received)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  const char *my_id = disc_node_get_id (priv->me);
  gboolean from_me = strcmp (envelope->iid, my_id) == 0;
  GQuark quark;

  if (strcmp (envelope->event, "hello") == 0)
    {
      /* A node is never its own peer, whatever "ignore" says. */
      if (!from_me && !should_ignore (priv, envelope))
        dispatch_hello (self, envelope, received);
      return;
    }

  if (strcmp (envelope->event, DISC_CONTROL_EVENT) == 0)
    {
      DiscRemoteControlContext context = {
        .my_id = my_id,
        .authenticated = disc_codec_is_authenticated (priv->codec),
        .opted_in = priv->running.remote_control,
        .listen_only = priv->running.listen_only,
        .eligible = disc_node_get_is_master_eligible (priv->me),
      };
      char address[INET_ADDRSTRLEN];

      if (inet_ntop (AF_INET, &received->from->sin_addr, address, sizeof address) == NULL)
        return;
      if (!disc_remote_control_receive (priv->remote, envelope, address, &context))
        drop_received (self, DISC_DROP_CONTROL, received);
      return;
    }

  if (strcmp (envelope->event, GOODBYE_EVENT) == 0)
    {
      if (!from_me)
        disc_membership_handle_goodbye (priv->membership, envelope->iid, received->now_ms);
      return;
    }

  /* Anything else is a channel message, delivered on joined channels, or
   * on all of them with all-channels: a name off the network never becomes
   * a signal detail or a quark. */
  if (should_ignore (priv, envelope))
    return;
  quark = disc_channels_lookup (priv->channels, envelope->event);
  if (quark == 0 && !priv->all_channels)
    return;

  _disc_discovery_emit_message (self, quark, envelope->event, envelope->data,
                                from_me ? priv->me
                                        : disc_membership_lookup (priv->membership, envelope->iid));
}

/* One datagram: an unchanged hello from the same source only refreshes
 * its node (core/disc-hello-cache.c); anything else is decoded in full. */
void
_disc_discovery_on_datagram (const guint8  *data,
                             gsize          len,
                             gconstpointer  from,
                             gsize          from_len,
                             gpointer       user_data)
{
  DiscDiscovery *self = g_object_ref (user_data);
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (self);
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GBytes) opened = NULL;
  Received received = { .from = from, .from_len = from_len,
                        .now_ms = _disc_discovery_now_ms (), .wall_ms = _disc_discovery_wall_ms () };
  DiscStats before = priv->stats;
  DiscNode *repeated = NULL;
  int drop;

  if (received.from->sin_family != AF_INET ||
      !disc_source_key_from_sockaddr (&received.source, from, from_len))
    goto out;

  received.clear_len = len;
  received.clear = disc_codec_open (priv->codec, data, &received.clear_len, received.now_ms,
                                    &opened, &priv->stats);
  if (received.clear != NULL)
    {
      repeated = disc_hello_cache_match (priv->hello_cache, &received.source, received.clear,
                                         received.clear_len, priv->codec, received.now_ms,
                                         &priv->stats);
      if (repeated == NULL)
        {
          envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
          disc_codec_decode_clear (priv->codec, received.clear, received.clear_len,
                                   received.now_ms, envelopes, &priv->stats);
        }
    }

  drop = disc_stats_last_drop (&before, &priv->stats);
  if (drop >= 0)
    {
      /* (A repeat can count a drop too: a partial message timing out.)
       * The handlers of the error may change the table, or stop us. */
      g_autoptr(DiscNode) hold = repeated != NULL ? g_object_ref (repeated) : NULL;

      _disc_discovery_report_drop (self, drop, from, from_len);
      if (repeated != NULL && (priv->transport == NULL || repeated->hello_serial == 0))
        goto out;
    }
  if (priv->transport == NULL)
    goto out;

  if (repeated != NULL)
    disc_membership_refresh (priv->membership, repeated, received.now_ms, received.wall_ms);
  else if (envelopes != NULL)
    {
      received.whole = envelopes->len == 1;
      /* A handler may stop us: then the rest of the batch is not ours. */
      for (guint i = 0; i < envelopes->len && priv->transport != NULL; i++)
        dispatch_envelope (self, envelopes->pdata[i], &received);
    }

out:
  g_object_unref (self);
}
