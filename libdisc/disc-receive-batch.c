/* disc-receive-batch.c: read what is queued on a UDP socket, 64 at a time
 *
 * One recvmmsg() fills up to DISC_RECEIVE_BATCH_SIZE preallocated buffers
 * and source addresses, kept raw (struct sockaddr): no GSocketAddress, no
 * GInetAddress and no string per datagram, which reading them one by one
 * with g_socket_receive_from() cost (doc/benchmarks.md).
 * g_socket_receive_messages() also calls recvmmsg(), but hands every
 * source back as a new GSocketAddress; so on systems that have
 * recvmmsg() this calls it on the GSocket's descriptor, and elsewhere
 * falls back to g_socket_receive_messages() and converts the addresses.
 *
 * With SO_RXQ_OVFL set on the socket, the kernel tells with each datagram
 * how many it has dropped on that socket so far, its buffer being full;
 * the batch keeps the latest count for the transport to report.
 *
 * The buffers are as large as the largest datagram (64 KiB) each, 4 MiB
 * of address space together, but only the pages datagrams are written
 * into become resident: hellos touch one page per buffer.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-receive-batch"
#define _GNU_SOURCE 1

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "disc-receive-batch.h"

struct _DiscReceiveBatch
{
  gsize                   max_datagram;
  guint8                 *buffers;     /* DISC_RECEIVE_BATCH_SIZE × max_datagram */
  struct sockaddr_storage addresses[DISC_RECEIVE_BATCH_SIZE];
  DiscDatagram            datagrams[DISC_RECEIVE_BATCH_SIZE];
  gboolean                has_kernel_drops;
  guint32                 kernel_drops;   /* SO_RXQ_OVFL: the socket's drops so far */
#ifdef HAVE_RECVMMSG
  struct mmsghdr          headers[DISC_RECEIVE_BATCH_SIZE];
  struct iovec            vectors[DISC_RECEIVE_BATCH_SIZE];
  union {
    char                  buffer[CMSG_SPACE (sizeof (struct in_pktinfo)) +
                                 CMSG_SPACE (sizeof (guint32))];
    struct cmsghdr        align;
  }                       controls[DISC_RECEIVE_BATCH_SIZE];   /* IP_PKTINFO, SO_RXQ_OVFL */
#else
  GInputMessage           messages[DISC_RECEIVE_BATCH_SIZE];
  GInputVector            vectors[DISC_RECEIVE_BATCH_SIZE];
  GSocketAddress         *sources[DISC_RECEIVE_BATCH_SIZE];
#endif
};

/* @max_datagram: the largest datagram to read whole, bytes. */
DiscReceiveBatch *
disc_receive_batch_new (gsize max_datagram)
{
  DiscReceiveBatch *self = g_new0 (DiscReceiveBatch, 1);

  self->max_datagram = max_datagram;
  self->buffers = g_malloc (DISC_RECEIVE_BATCH_SIZE * max_datagram);
  for (guint i = 0; i < DISC_RECEIVE_BATCH_SIZE; i++)
    {
#ifdef HAVE_RECVMMSG
      self->vectors[i].iov_base = self->buffers + i * max_datagram;
      self->vectors[i].iov_len = max_datagram;
#else
      self->vectors[i].buffer = self->buffers + i * max_datagram;
      self->vectors[i].size = max_datagram;
      self->messages[i].address = &self->sources[i];
      self->messages[i].vectors = &self->vectors[i];
      self->messages[i].num_vectors = 1;
#endif
      self->datagrams[i].data = self->buffers + i * max_datagram;
      self->datagrams[i].address = &self->addresses[i];
    }
  return self;
}

void
disc_receive_batch_free (DiscReceiveBatch *self)
{
  if (self == NULL)
    return;
  g_free (self->buffers);
  g_free (self);
}

/* disc_receive_batch_read:
 * @self: a batch
 * @socket: a non-blocking datagram socket
 * @error: where to put an error
 *
 * Reads the datagrams queued on @socket, at most DISC_RECEIVE_BATCH_SIZE,
 * without blocking. Fewer than that means the queue is empty now: the
 * caller need not call again (and fail with WOULD_BLOCK) to find out.
 * The datagrams stay valid until the next call.
 *
 * Returns: how many were read, 0 if none was queued, or -1 with @error set
 */
int
disc_receive_batch_read (DiscReceiveBatch  *self,
                         GSocket           *socket,
                         GError           **error)
{
  int n;

#ifdef HAVE_RECVMMSG
  for (guint i = 0; i < DISC_RECEIVE_BATCH_SIZE; i++)
    {
      struct msghdr *header = &self->headers[i].msg_hdr;

      memset (header, 0, sizeof *header);
      header->msg_name = &self->addresses[i];
      header->msg_namelen = sizeof self->addresses[i];
      header->msg_iov = &self->vectors[i];
      header->msg_iovlen = 1;
      header->msg_control = self->controls[i].buffer;
      header->msg_controllen = sizeof self->controls[i].buffer;
    }
  do
    n = recvmmsg (g_socket_get_fd (socket), self->headers, DISC_RECEIVE_BATCH_SIZE,
                  MSG_DONTWAIT, NULL);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)
        return 0;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "recvmmsg: %s", g_strerror (saved_errno));
      return -1;
    }
  for (int i = 0; i < n; i++)
    {
      struct msghdr *header = &self->headers[i].msg_hdr;
      DiscDatagram *datagram = &self->datagrams[i];

      datagram->len = self->headers[i].msg_len;
      datagram->address_len = header->msg_namelen;
      datagram->has_info = FALSE;
      for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (header); cmsg != NULL;
           cmsg = CMSG_NXTHDR (header, cmsg))
        if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO)
          {
            struct in_pktinfo info;

            memcpy (&info, CMSG_DATA (cmsg), sizeof info);
            datagram->destination = info.ipi_addr;
            datagram->local = info.ipi_spec_dst;
            datagram->ifindex = info.ipi_ifindex;
            datagram->has_info = TRUE;
          }
#ifdef SO_RXQ_OVFL
        else if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SO_RXQ_OVFL)
          {
            memcpy (&self->kernel_drops, CMSG_DATA (cmsg), sizeof self->kernel_drops);
            self->has_kernel_drops = TRUE;
          }
#endif
    }
#else
  {
    g_autoptr(GError) local_error = NULL;

    for (guint i = 0; i < DISC_RECEIVE_BATCH_SIZE; i++)
      self->sources[i] = NULL;
    n = g_socket_receive_messages (socket, self->messages, DISC_RECEIVE_BATCH_SIZE,
                                   0, NULL, &local_error);
    if (n < 0)
      {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
          return 0;
        g_propagate_error (error, g_steal_pointer (&local_error));
        return -1;
      }
    for (int i = 0; i < n; i++)
      {
        GSocketAddress *source = self->sources[i];

        self->datagrams[i].len = self->messages[i].bytes_received;
        self->datagrams[i].address_len = 0;
        self->datagrams[i].has_info = FALSE;   /* GIO hands no IP_PKTINFO back */
        if (source != NULL &&
            g_socket_address_to_native (source, &self->addresses[i], sizeof self->addresses[i], NULL))
          self->datagrams[i].address_len = g_socket_address_get_native_size (source);
      }
    for (guint i = 0; i < DISC_RECEIVE_BATCH_SIZE; i++)
      g_clear_object (&self->sources[i]);
  }
#endif
  return n;
}

/* The @index-th datagram of the last read, @index below what it returned. */
const DiscDatagram *
disc_receive_batch_get (DiscReceiveBatch *self,
                        guint             index)
{
  g_return_val_if_fail (index < DISC_RECEIVE_BATCH_SIZE, NULL);
  return &self->datagrams[index];
}

/* The number of datagrams the kernel had dropped on the socket, its
 * receive buffer being full, when it queued the latest datagram read
 * (SO_RXQ_OVFL; a counter that wraps). FALSE while it has said none. */
gboolean
disc_receive_batch_get_kernel_drops (DiscReceiveBatch *self,
                                     guint32          *drops)
{
  *drops = self->kernel_drops;
  return self->has_kernel_drops;
}
