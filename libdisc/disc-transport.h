/* disc-transport.h: the UDP socket of a node (private)
 *
 * The transport binds the socket, works out where hellos go (each
 * interface's broadcast address, a multicast group, unicast peers) and
 * rescans interfaces, reads datagrams in bounded batches and sends,
 * reporting each distinct send error once. While traffic is heavy it reads
 * on a 1 ms timer instead of at each datagram (core/disc-receive-pacing.c):
 * up to 1–2 ms of latency then, none otherwise. It knows nothing of the
 * protocol: DiscDiscovery decodes what it receives and encodes what it
 * sends.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

#include "core/disc-options.h"
#include "core/disc-stats.h"

G_BEGIN_DECLS

typedef struct _DiscTransport DiscTransport;

typedef struct
{
  /* One datagram, from @from: a struct sockaddr (IPv4) of @from_len
   * bytes, raw so that none is made into an object per datagram. Both are
   * only valid during the call. */
  void (*datagram)        (const guint8       *data,
                           gsize               len,
                           gconstpointer       from,
                           gsize               from_len,
                           gpointer            user_data);
  /* A send failed; each distinct error once, until a send reaches every
   * destination again. */
  void (*send_error)      (GError             *error,
                           gpointer            user_data);
  /* The interfaces changed and with them this node's own address. */
  void (*address_changed) (const char         *address,
                           gpointer            user_data);
  /* The kernel dropped @count more datagrams, the socket's receive
   * buffer being full (learnt with a datagram read, or by
   * disc_transport_check_kernel_drops()). */
  void (*kernel_drops)    (guint               count,
                           gpointer            user_data);
} DiscTransportCallbacks;

/* Builds one message for a destination, knowing the local address it
 * leaves from: returns a GPtrArray of GBytes datagrams, or NULL with @error. */
typedef GPtrArray *(*DiscTransportEncodeFunc) (const char  *source,
                                               gpointer     user_data,
                                               GError     **error);

DiscTransport *disc_transport_new               (const DiscOptions             *options,
                                                 DiscStats                     *stats,
                                                 const DiscTransportCallbacks  *callbacks,
                                                 gpointer                       user_data,
                                                 GError                       **error);
void           disc_transport_free              (DiscTransport                 *self);
const char    *disc_transport_get_local_address (DiscTransport                 *self);
gboolean       disc_transport_send              (DiscTransport                 *self,
                                                 GPtrArray                     *datagrams,
                                                 GError                       **error);
void           disc_transport_send_each         (DiscTransport                 *self,
                                                 DiscTransportEncodeFunc        encode,
                                                 gpointer                       user_data);
void           disc_transport_report_error      (DiscTransport                 *self,
                                                 GError                        *error);
void           disc_transport_rescan            (DiscTransport                 *self);
void           disc_transport_check_kernel_drops (DiscTransport                *self);

G_END_DECLS
