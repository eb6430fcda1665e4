/* disc-receive-batch.h: many datagrams per system call (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>
#include <netinet/in.h>

G_BEGIN_DECLS

/* Datagrams per recvmmsg(): more than a burst usually holds, so that one
 * call usually empties the queue and says so by coming back short. */
#define DISC_RECEIVE_BATCH_SIZE 64

typedef struct
{
  const guint8  *data;
  gsize          len;
  gconstpointer  address;      /* a struct sockaddr of @address_len bytes */
  gsize          address_len;
  /* Where it arrived (IP_PKTINFO, when the socket asks for it and the
   * system has recvmmsg()): @has_info says whether the rest is set. */
  gboolean       has_info;
  struct in_addr destination;  /* the IP header's destination */
  struct in_addr local;        /* the local address it is for */
  int            ifindex;      /* the interface it arrived on */
} DiscDatagram;

typedef struct _DiscReceiveBatch DiscReceiveBatch;

DiscReceiveBatch   *disc_receive_batch_new  (gsize              max_datagram);
void                disc_receive_batch_free (DiscReceiveBatch  *self);
int                 disc_receive_batch_read (DiscReceiveBatch  *self,
                                             GSocket           *socket,
                                             GError           **error);
const DiscDatagram *disc_receive_batch_get  (DiscReceiveBatch  *self,
                                             guint              index);
gboolean            disc_receive_batch_get_kernel_drops (DiscReceiveBatch *self,
                                                         guint32          *drops);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscReceiveBatch, disc_receive_batch_free)

G_END_DECLS
