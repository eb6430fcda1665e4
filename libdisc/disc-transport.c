/* disc-transport.c: socket, destinations, receiving and sending
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-transport"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#ifdef __linux__
#include <linux/sock_diag.h>   /* SK_MEMINFO_DROPS */
#endif
#include <glib/gi18n-lib.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#endif

#include "disc-transport.h"
#include "disc-error.h"
#include "disc-interfaces.h"
#include "disc-drop-reason.h"
#include "disc-option-error.h"
#include "disc-receive-batch.h"
#include "disc-port-siblings.h"
#include "core/disc-kernel-drops.h"
#include "core/disc-receive-pacing.h"

#define RECEIVE_BUFFER_SIZE        (64 * 1024 + 64)
#define MAX_DATAGRAMS_PER_DISPATCH 256
/* Kernel drops are logged at most this often. */
#define KERNEL_DROPS_REPORT_US     (10 * G_USEC_PER_SEC)

/* Relays: a unicast datagram on a shared port reaches one of the sockets
 * that share it (the kernel picks); that one passes it on to the others
 * on the host, over loopback broadcast, with where it came from:
 *
 *   0   4  magic FE 44 52 4C ("\xfeDRL": 0xFE never starts UTF-8 text,
 *          so a relay is never JSON, WRAP or an aes-256-gcm packet)
 *   4   1  version 1
 *   5   1  flags: 0, or RELAY_ANNOUNCE for a header with no datagram,
 *          sent once by a socket that has just bound the port
 *   6   8  token of the relaying transport, so that it skips its own
 *  14   4  original source address   18  2  original source port
 *  20   4  original destination address
 *  24   4  interface index it arrived on
 *  28      the datagram
 *
 * Only datagrams from a 127.0.0.0/8 source are taken as relays: Linux
 * drops such sources arriving from outside the host.
 *
 * A socket relays only while it has siblings: the kernel's list of the
 * sockets bound to the port (disc-port-siblings.c) says so when it binds,
 * and again at most every RELAY_RECHECK_US while unicast arrives; a
 * sibling that binds later announces itself at once, and any relay or
 * announcement from another socket means there is one. */
#define RELAY_MAGIC       "\xfe" "DRL"
#define RELAY_HEADER_SIZE 28
#define RELAY_TOKEN_SIZE  8
#define RELAY_BROADCAST   "127.255.255.255"
#define MAX_UDP_PAYLOAD   65507
#define RELAY_ANNOUNCE    0x01
#define RELAY_RECHECK_US  (5 * G_USEC_PER_SEC)

typedef struct
{
  struct sockaddr_in from;
  struct in_addr     destination;   /* the header's destination */
  struct in_addr     local;         /* the local address it is for (spec_dst) */
  int                ifindex;
  gboolean           has_info;      /* IP_PKTINFO came with it */
} Arrival;

typedef struct
{
  GSocketAddress *address;
  char           *source;   /* the local address datagrams to it leave from */
} Destination;

struct _DiscTransport
{
  guint                   ref_count;   /* the receive loop holds one across callbacks */
  gboolean                closed;
  guint                   reading;     /* depth of read_datagrams() */
  DiscOptions             options;
  DiscStats              *stats;
  DiscTransportCallbacks  callbacks;
  gpointer                user_data;

  GSocket                *socket;
  GSource                *receive_source;
  DiscReceivePacing       pacing;                /* socket or timer, see read_datagrams() */
  DiscKernelDrops         kernel_drops;          /* the kernel's counter for the socket */
  guint64                 kernel_drops_total;    /* since the socket opened */
  guint64                 kernel_drops_logged;   /* kernel_drops_total when last logged */
  gint64                  kernel_drops_logged_us;
  gulong                  network_changed_id;
  GPtrArray              *destinations;          /* of Destination */
  DiscReceiveBatch       *receive_batch;         /* preallocated buffers and sources */
  guint8                 *relay_buffer;          /* nullable: reuse-address off */
  guint8                  relay_token[RELAY_TOKEN_SIZE];
  gboolean                relay_to_siblings;     /* another socket shares the port */
  gint64                  relay_checked_us;      /* when the kernel last said so, monotonic */
  gboolean                relay_clock_read;      /* in this dispatch: one clock read per batch */

  /* address: the interface this node uses, when it is not 0.0.0.0 */
  gboolean                bound;
  struct in_addr          bound_address;
  int                     bound_ifindex;
  GHashTable             *reported_send_errors;  /* nullable; messages since the last clean send */
};

static void
destination_free (Destination *destination)
{
  g_clear_object (&destination->address);
  g_free (destination->source);
  g_free (destination);
}

static DiscTransport *
transport_ref (DiscTransport *self)
{
  self->ref_count++;
  return self;
}

static void
transport_unref (DiscTransport *self)
{
  if (--self->ref_count > 0)
    return;
  disc_options_clear (&self->options);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);
  g_clear_pointer (&self->reported_send_errors, g_hash_table_unref);
  g_clear_pointer (&self->receive_batch, disc_receive_batch_free);
  g_free (self->relay_buffer);
  g_free (self);
}

/* Destinations */

static GSocketAddress *
resolve_unicast (const char *text,
                 guint       default_port,
                 GError    **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GError) local_error = NULL;
  GSocketAddress *address;
  guint16 port;

  if (!disc_options_parse_unicast (text, default_port, &host, &port, error))
    return NULL;
  connectable = g_network_address_new (host, port);
  enumerator = g_socket_connectable_enumerate (connectable);
  while ((address = g_socket_address_enumerator_next (enumerator, NULL, &local_error)) != NULL)
    {
      if (G_IS_INET_SOCKET_ADDRESS (address) &&
          g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
        return address;
      g_object_unref (address);
    }
  g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_UNICAST,
               _("unicast: “%s” has no IPv4 address%s%s"), text,
               local_error ? ": " : "", local_error ? local_error->message : "");
  return NULL;
}

static void
add_destination (GPtrArray      *destinations,
                 GSocketAddress *address,
                 const char     *bind_address)
{
  Destination *destination = g_new0 (Destination, 1);
  GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

  destination->address = address;
  if (g_strcmp0 (bind_address, DISC_DEFAULT_ADDRESS) != 0)
    destination->source = g_strdup (bind_address);
  else
    destination->source = disc_interfaces_source_for (inet);
  if (destination->source == NULL)
    destination->source = g_strdup (DISC_DEFAULT_ADDRESS);
  g_ptr_array_add (destinations, destination);
}

static GPtrArray *
build_destinations (const DiscOptions  *options,
                    GError            **error)
{
  g_autoptr(GPtrArray) destinations = g_ptr_array_new_with_free_func ((GDestroyNotify) destination_free);

  if (options->unicast != NULL && options->unicast[0] != NULL)
    {
      for (guint i = 0; options->unicast[i] != NULL; i++)
        {
          GSocketAddress *address = resolve_unicast (options->unicast[i], options->port, error);

          if (address == NULL)
            return NULL;
          add_destination (destinations, address, options->address);
        }
    }
  else if (options->multicast != NULL)
    add_destination (destinations,
                     g_inet_socket_address_new_from_string (options->multicast, options->port),
                     options->address);
  else if (options->broadcast != NULL)
    add_destination (destinations,
                     g_inet_socket_address_new_from_string (options->broadcast, options->port),
                     options->address);
  else
    {
      /* The seed's TODO: the broadcast address of each interface that has
       * one, and 255.255.255.255 only when none does. */
      g_autoptr(GPtrArray) interfaces = disc_interfaces_list_broadcast ();
      g_autofree char *default_source = disc_interfaces_default_source ();

      for (guint i = 0; i < interfaces->len; i++)
        {
          DiscInterface *iface = interfaces->pdata[i];
          Destination *destination;

          if (g_strcmp0 (options->address, DISC_DEFAULT_ADDRESS) != 0 &&
              g_strcmp0 (options->address, iface->address) != 0)
            continue;
          destination = g_new0 (Destination, 1);
          destination->address = g_inet_socket_address_new_from_string (iface->broadcast, options->port);
          destination->source = g_strdup (iface->address);
          /* The first destination names the node: the interface of the
           * default route if it is one of them, else the first in the
           * kernel's order (by interface index). */
          if (g_strcmp0 (iface->address, default_source) == 0)
            g_ptr_array_insert (destinations, 0, destination);
          else
            g_ptr_array_add (destinations, destination);
        }
      if (destinations->len == 0)
        add_destination (destinations,
                         g_inet_socket_address_new_from_string ("255.255.255.255", options->port),
                         options->address);
    }
  return g_steal_pointer (&destinations);
}

const char *
disc_transport_get_local_address (DiscTransport *self)
{
  if (self->destinations->len == 0)
    return DISC_DEFAULT_ADDRESS;
  return ((Destination *) self->destinations->pdata[0])->source;
}

void
disc_transport_rescan (DiscTransport *self)
{
  g_autoptr(GPtrArray) destinations = NULL;
  g_autofree char *before = NULL;

  if (self->closed || !disc_options_uses_default_broadcast (&self->options))
    return;
  destinations = build_destinations (&self->options, NULL);
  if (destinations == NULL)
    return;
  before = g_strdup (disc_transport_get_local_address (self));
  g_ptr_array_unref (self->destinations);
  self->destinations = g_steal_pointer (&destinations);
  if (self->callbacks.address_changed != NULL &&
      g_strcmp0 (before, disc_transport_get_local_address (self)) != 0)
    self->callbacks.address_changed (disc_transport_get_local_address (self), self->user_data);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  disc_transport_rescan (user_data);
}

/* Sending */

void
disc_transport_report_error (DiscTransport *self,
                             GError        *error)
{
  /* A missing route fails every hello; say so once per new error, not
   * once a second, until a send reaches every destination again. */
  if (self->reported_send_errors == NULL)
    self->reported_send_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_add (self->reported_send_errors, g_strdup (error->message)))
    return;
  if (self->callbacks.send_error != NULL)
    self->callbacks.send_error (error, self->user_data);
}

static void
all_delivered (DiscTransport *self)
{
  /* Every destination took it: a failure that comes back is news. */
  g_clear_pointer (&self->reported_send_errors, g_hash_table_unref);
}

/* One datagram. A node bound to an address sends from it, out of its
 * interface (IP_PKTINFO), whatever the routes say. */
static gboolean
send_one (DiscTransport   *self,
          GSocketAddress  *to,
          const char      *data,
          gsize            len,
          GError         **error)
{
  struct sockaddr_in native;
  struct iovec iov = { (void *) data, len };
  union {
    char           buffer[CMSG_SPACE (sizeof (struct in_pktinfo))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = { 0, };
  struct in_pktinfo *info;
  struct cmsghdr *cmsg;
  gssize sent;

  if (!self->bound)
    return g_socket_send_to (self->socket, to, data, len, NULL, error) >= 0;

  if (!g_socket_address_to_native (to, &native, sizeof native, error))
    return FALSE;
  memset (&control, 0, sizeof control);
  msg.msg_name = &native;
  msg.msg_namelen = sizeof native;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buffer;
  msg.msg_controllen = sizeof control.buffer;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = IPPROTO_IP;
  cmsg->cmsg_type = IP_PKTINFO;
  cmsg->cmsg_len = CMSG_LEN (sizeof (struct in_pktinfo));
  info = (struct in_pktinfo *) CMSG_DATA (cmsg);
  info->ipi_ifindex = self->bound_ifindex;
  info->ipi_spec_dst = self->bound_address;
  do
    sent = sendmsg (g_socket_get_fd (self->socket), &msg, 0);
  while (sent < 0 && errno == EINTR);
  if (sent < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Sends every datagram of one message to @to; stops at the first that the
 * socket refuses. */
static gboolean
send_datagrams (DiscTransport   *self,
                GSocketAddress  *to,
                GPtrArray       *datagrams,
                GError         **error)
{
  for (guint i = 0; i < datagrams->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gsize len;
      const char *data = g_bytes_get_data (datagrams->pdata[i], &len);

      if (!send_one (self, to, data, len, &local_error))
        {
          g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (to));

          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                       _("could not send to %s: %s"), where, local_error->message);
          return FALSE;
        }
      self->stats->sent++;
    }
  return TRUE;
}

/* Sends to every destination. A destination that fails is reported through
 * the send_error callback; only when none of them took the message does the
 * caller get the error instead. */
gboolean
disc_transport_send (DiscTransport  *self,
                     GPtrArray      *datagrams,
                     GError        **error)
{
  g_autoptr(GError) first_error = NULL;
  guint delivered = 0;

  for (guint i = 0; i < self->destinations->len; i++)
    {
      Destination *destination = self->destinations->pdata[i];
      g_autoptr(GError) send_error = NULL;

      if (send_datagrams (self, destination->address, datagrams, &send_error))
        delivered++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&send_error);
      else
        disc_transport_report_error (self, send_error);
    }
  if (first_error == NULL)
    {
      all_delivered (self);
      return TRUE;
    }
  if (delivered > 0)
    {
      disc_transport_report_error (self, first_error);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

/* Sends a message built for each destination, as hellos are: each carries
 * the address of the interface that reaches its destination. */
void
disc_transport_send_each (DiscTransport           *self,
                          DiscTransportEncodeFunc  encode,
                          gpointer                 user_data)
{
  guint delivered = 0;

  for (guint i = 0; i < self->destinations->len; i++)
    {
      Destination *destination = self->destinations->pdata[i];
      g_autoptr(GPtrArray) datagrams = NULL;
      g_autoptr(GError) error = NULL;

      datagrams = encode (destination->source, user_data, &error);
      if (datagrams == NULL)
        {
          disc_transport_report_error (self, error);
          break;
        }
      if (send_datagrams (self, destination->address, datagrams, &error))
        delivered++;
      else
        disc_transport_report_error (self, error);
    }
  if (delivered == self->destinations->len)
    all_delivered (self);
}

/* Receiving */

/* Where a datagram arrived, from the batch reader's IP_PKTINFO. */
static void
arrival_from (Arrival            *arrival,
              const DiscDatagram *datagram)
{
  memset (arrival, 0, sizeof *arrival);
  if (datagram->address_len >= sizeof (struct sockaddr_in))
    memcpy (&arrival->from, datagram->address, sizeof arrival->from);
  arrival->destination = datagram->destination;
  arrival->local = datagram->local;
  arrival->ifindex = datagram->ifindex;
  arrival->has_info = datagram->has_info;
}

/* For a unicast datagram the kernel's "local address" is the header's
 * destination; for a broadcast or multicast one it is not. */
static gboolean
arrival_is_unicast (const Arrival *arrival)
{
  return arrival->has_info && arrival->destination.s_addr == arrival->local.s_addr;
}

/* address: the node hears what is sent to its address, and broadcast and
 * multicast arriving on its interface, not what arrives on the others.
 * Where the system cannot say where a datagram arrived (no recvmmsg()),
 * everything is taken, as before. */
static gboolean
arrival_is_mine (DiscTransport *self,
                 const Arrival *arrival)
{
  if (!self->bound || !arrival->has_info)
    return TRUE;
  if (arrival_is_unicast (arrival))
    return arrival->destination.s_addr == self->bound_address.s_addr;
  return arrival->ifindex == self->bound_ifindex;
}

static void
deliver (DiscTransport            *self,
         const guint8             *data,
         gsize                     len,
         const struct sockaddr_in *from)
{
  self->callbacks.datagram (data, len, from, sizeof *from, self->user_data);
}

static void
send_relay (DiscTransport *self,
            const guint8  *relay,
            gsize          len)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (self->options.port) };

  inet_pton (AF_INET, RELAY_BROADCAST, &to.sin_addr);
  if (sendto (g_socket_get_fd (self->socket), relay, len, MSG_DONTWAIT,
              (struct sockaddr *) &to, sizeof to) < 0)
    g_debug ("could not relay a datagram: %s", g_strerror (errno));
}

/* Passes a unicast datagram on to the other sockets of the port. */
static void
relay (DiscTransport *self,
       const Arrival *arrival,
       const guint8  *data,
       gsize          len)
{
  guint32 ifindex = htonl ((guint32) arrival->ifindex);
  guint8 *out = self->relay_buffer;

  if (len > MAX_UDP_PAYLOAD - RELAY_HEADER_SIZE)
    {
      g_debug ("a %" G_GSIZE_FORMAT "-byte datagram is too large to relay", len);
      return;
    }
  memcpy (out, RELAY_MAGIC, 4);
  out[4] = 1;
  out[5] = 0;
  memcpy (out + 6, self->relay_token, RELAY_TOKEN_SIZE);
  memcpy (out + 14, &arrival->from.sin_addr, 4);
  memcpy (out + 18, &arrival->from.sin_port, 2);
  memcpy (out + 20, &arrival->destination, 4);
  memcpy (out + 24, &ifindex, 4);
  memcpy (out + RELAY_HEADER_SIZE, data, len);
  send_relay (self, out, len + RELAY_HEADER_SIZE);
}

/* Tells the other sockets of the port that this one is there, so that
 * they relay to it from now on. */
static void
announce_to_siblings (DiscTransport *self)
{
  guint8 header[RELAY_HEADER_SIZE] = { 0, };

  memcpy (header, RELAY_MAGIC, 4);
  header[4] = 1;
  header[5] = RELAY_ANNOUNCE;
  memcpy (header + 6, self->relay_token, RELAY_TOKEN_SIZE);
  send_relay (self, header, sizeof header);
}

/* Whether a unicast datagram is worth relaying: the kernel is asked again
 * now and then, both ways (a sibling may have gone, or its announcement
 * may have been lost). The clock is read once per dispatch, not per
 * datagram. */
static gboolean
has_siblings (DiscTransport *self)
{
  gint64 now;

  if (self->relay_clock_read)
    return self->relay_to_siblings;
  self->relay_clock_read = TRUE;
  now = g_get_monotonic_time ();
  if (now - self->relay_checked_us >= RELAY_RECHECK_US)
    {
      self->relay_to_siblings = disc_port_has_siblings (self->options.port);
      self->relay_checked_us = now;
    }
  return self->relay_to_siblings;
}

static gboolean
source_is_host (const struct sockaddr_in *from)
{
  guint32 address = ntohl (from->sin_addr.s_addr);

  return from->sin_port != 0 && address != INADDR_ANY && address != INADDR_BROADCAST &&
         !IN_MULTICAST (address);
}

/* A relay from a sibling: TRUE if @data was one (delivered or not). */
static gboolean
handle_relay (DiscTransport *self,
              const Arrival *arrival,
              const guint8  *data,
              gsize          len)
{
  Arrival original = { 0, };
  guint32 ifindex;

  if (len < 4 || memcmp (data, RELAY_MAGIC, 4) != 0 ||
      (ntohl (arrival->from.sin_addr.s_addr) >> 24) != 127)
    return FALSE;
  if (len < RELAY_HEADER_SIZE || data[4] != 1 ||
      (data[5] != 0 && (data[5] != RELAY_ANNOUNCE || len != RELAY_HEADER_SIZE)))
    {
      self->stats->received++;
      self->stats->drops[DISC_DROP_MALFORMED_FRAME]++;
      return TRUE;
    }
  if (memcmp (data + 6, self->relay_token, RELAY_TOKEN_SIZE) == 0)
    return TRUE;   /* our own */
  self->relay_to_siblings = TRUE;   /* another socket of the port said so */
  if (data[5] == RELAY_ANNOUNCE)
    return TRUE;
  original.from.sin_family = AF_INET;
  memcpy (&original.from.sin_addr, data + 14, 4);
  memcpy (&original.from.sin_port, data + 18, 2);
  /* A sibling relays what a host sent it; no datagram comes from
   * 0.0.0.0, the broadcast address, a group or port 0, and a node with
   * such an address would have its answers broadcast or lost. */
  if (!source_is_host (&original.from))
    {
      self->stats->received++;
      self->stats->drops[DISC_DROP_MALFORMED_FRAME]++;
      return TRUE;
    }
  memcpy (&original.destination, data + 20, 4);
  original.local = original.destination;   /* only unicast is relayed */
  original.has_info = TRUE;
  memcpy (&ifindex, data + 24, 4);
  original.ifindex = (int) ntohl (ifindex);
  if (arrival_is_mine (self, &original))
    deliver (self, data + RELAY_HEADER_SIZE, len - RELAY_HEADER_SIZE, &original.from);
  return TRUE;
}

/* One datagram of a batch: a relay, one for another interface, or ours
 * (relayed on to the others when it came by unicast). */
static void
handle_datagram (DiscTransport      *self,
                 const DiscDatagram *datagram)
{
  Arrival arrival;

  arrival_from (&arrival, datagram);
  if (arrival.from.sin_family != AF_INET)
    return;
  if (handle_relay (self, &arrival, datagram->data, datagram->len))
    return;
  if (!arrival_is_mine (self, &arrival))
    return;
  if (self->relay_buffer != NULL && arrival_is_unicast (&arrival) && has_siblings (self))
    relay (self, &arrival, datagram->data, datagram->len);
  deliver (self, datagram->data, datagram->len, &arrival.from);
}

/* The receive source: a socket to wait for, or a time to read it at,
 * without waiting for it, while traffic is heavy (read_datagrams()).
 * Its GPollFD's events and its time are changed in place from its own
 * dispatch: g_source_modify_unix_fd() and g_source_set_ready_time() would
 * each wake the main context (an eventfd write, an extra poll() and a
 * read), which is what pacing saves. */
#ifdef G_OS_UNIX
typedef struct
{
  GSource source;
  GPollFD poll_fd;
  gint64  ready_us;   /* -1: wait for the socket; else when to read, monotonic */
} ReceiveSource;

static gboolean
receive_source_prepare (GSource *source,
                        gint    *timeout)
{
  ReceiveSource *self = (ReceiveSource *) source;
  gint64 now;

  *timeout = -1;
  if (self->ready_us < 0)
    return FALSE;
  now = g_source_get_time (source);
  if (now >= self->ready_us)
    {
      *timeout = 0;
      return TRUE;
    }
  /* poll() counts whole milliseconds: rounded up, never early. */
  *timeout = (gint) MIN ((self->ready_us - now + 999) / 1000, G_MAXINT);
  return FALSE;
}

static gboolean
receive_source_check (GSource *source)
{
  ReceiveSource *self = (ReceiveSource *) source;

  /* An error on the socket is read (and so cleared) whatever the mode. */
  if (self->poll_fd.revents & (G_IO_ERR | G_IO_HUP | G_IO_NVAL))
    return TRUE;
  if (self->ready_us < 0)
    return (self->poll_fd.revents & G_IO_IN) != 0;
  return g_source_get_time (source) >= self->ready_us;
}

static gboolean
receive_source_dispatch (GSource     *source,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  if (callback == NULL)
    return G_SOURCE_CONTINUE;
  return callback (user_data);
}

static GSourceFuncs receive_source_funcs = {
  .prepare = receive_source_prepare,
  .check = receive_source_check,
  .dispatch = receive_source_dispatch,
};

static GSource *
receive_source_new (int fd)
{
  GSource *source = g_source_new (&receive_source_funcs, sizeof (ReceiveSource));
  ReceiveSource *self = (ReceiveSource *) source;

  self->poll_fd.fd = fd;
  self->poll_fd.events = G_IO_IN;
  self->ready_us = -1;
  g_source_add_poll (source, &self->poll_fd);
  return source;
}
#endif

/* Interrupt moderation (core/disc-receive-pacing.c): while traffic is
 * heavy, the socket is read on a 1 ms timer instead of at each datagram.
 * This adds up to 1–2 ms of latency to a datagram, only then. */
static void
pace (DiscTransport *self,
      gint64         now_us,
      guint          datagrams,
      gboolean       drained)
{
#ifdef G_OS_UNIX
  ReceiveSource *source = (ReceiveSource *) self->receive_source;

  source->ready_us = disc_receive_pacing_dispatched (&self->pacing, now_us, datagrams, drained);
  source->poll_fd.events = source->ready_us < 0 ? G_IO_IN : 0;
#endif
}

/* The kernel drops what arrives while the socket's buffer is full: a node
 * must not become deaf silently. @counter is the kernel's count of them
 * (core/disc-kernel-drops.h); new ones are handed to the discovery to
 * count, and logged at most every KERNEL_DROPS_REPORT_US. */
static void
note_kernel_drops (DiscTransport *self,
                   guint32        counter,
                   gint64         now_us)
{
  guint32 added = disc_kernel_drops_update (&self->kernel_drops, counter);

  if (added == 0)
    return;
  self->kernel_drops_total += added;
  if (self->kernel_drops_logged_us == 0 ||
      now_us - self->kernel_drops_logged_us >= KERNEL_DROPS_REPORT_US)
    {
      g_message ("UDP port %u: the kernel dropped %" G_GUINT64_FORMAT " datagrams, "
                 "its receive buffer being full (%" G_GUINT64_FORMAT " since the socket opened)",
                 self->options.port, self->kernel_drops_total - self->kernel_drops_logged,
                 self->kernel_drops_total);
      self->kernel_drops_logged = self->kernel_drops_total;
      self->kernel_drops_logged_us = now_us;
    }
  /* Last: the discovery's handlers may close the transport. */
  if (self->callbacks.kernel_drops != NULL)
    self->callbacks.kernel_drops (added, self->user_data);
}

/* Datagrams carry the kernel's count only while they keep coming: after
 * a burst that overflowed the buffer and then silence, the count is only
 * known by asking (SO_MEMINFO, Linux 4.6). The discovery asks on its
 * check timer, not per read: one more system call every few seconds. */
void
disc_transport_check_kernel_drops (DiscTransport *self)
{
#if defined(SO_MEMINFO) && defined(__linux__)
  guint32 meminfo[SK_MEMINFO_VARS] = { 0, };
  socklen_t len = sizeof meminfo;

  if (self->closed)
    return;
  if (getsockopt (g_socket_get_fd (self->socket), SOL_SOCKET, SO_MEMINFO, meminfo, &len) != 0 ||
      len <= SK_MEMINFO_DROPS * sizeof meminfo[0])
    return;
  transport_ref (self);
  note_kernel_drops (self, meminfo[SK_MEMINFO_DROPS], g_get_monotonic_time ());
  transport_unref (self);
#endif
}

static gboolean
read_datagrams (gpointer user_data)
{
  DiscTransport *self = transport_ref (user_data);
  g_autoptr(DiscReceiveBatch) nested = NULL;
  DiscReceiveBatch *batch = self->receive_batch;
  gboolean drained = FALSE;
  guint total = 0;

  /* The source may recurse (see disc_transport_new()): a callback that
   * runs a main loop of its own reads into buffers of its own, and the
   * datagrams of the batch being handled stay as they are. */
  if (self->reading > 0)
    batch = nested = disc_receive_batch_new (RECEIVE_BUFFER_SIZE);
  self->reading++;
  self->relay_clock_read = FALSE;

  /* Drain what is queued, DISC_RECEIVE_BATCH_SIZE datagrams per system
   * call, but in bounded batches so that a flood cannot starve the rest
   * of the main loop. A short batch means the queue is empty: no further
   * call just to be told WOULD_BLOCK. A callback may close the transport;
   * the batch it reads from stays ours until the end. */
  while (total < MAX_DATAGRAMS_PER_DISPATCH && !self->closed)
    {
      g_autoptr(GError) error = NULL;
      int n = disc_receive_batch_read (batch, self->socket, &error);

      if (n < 0)
        {
          g_debug ("receive failed: %s", error->message);
          break;
        }
      for (int i = 0; i < n && !self->closed; i++)
        {
          const DiscDatagram *datagram = disc_receive_batch_get (batch, i);

          handle_datagram (self, datagram);
        }
      total += n;
      if (n < DISC_RECEIVE_BATCH_SIZE)
        {
          drained = TRUE;
          break;
        }
    }

  if (!self->closed)
    {
      gint64 now_us = g_source_get_time (self->receive_source);
      guint32 counter;

      if (disc_receive_batch_get_kernel_drops (batch, &counter))
        note_kernel_drops (self, counter, now_us);
      if (!self->closed)
        pace (self, now_us, total, drained);
    }
  self->reading--;
  transport_unref (self);
  return G_SOURCE_CONTINUE;
}

#ifndef G_OS_UNIX
static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  return read_datagrams (user_data);
}
#endif

/* The socket */

/* The port is taken: says who does not share it. A probe socket that
 * shares (SO_REUSEADDR) binds when every holder shares too. */
static void
set_address_in_use_error (const DiscOptions  *options,
                          struct sockaddr    *native,
                          socklen_t           native_len,
                          GError            **error)
{
  gboolean others_share = FALSE;

  if (!options->reuse_address)
    {
      int probe = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      int on = 1;

      if (probe >= 0)
        {
          others_share = setsockopt (probe, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
                         bind (probe, native, native_len) == 0;
          close (probe);
        }
    }
  if (others_share)
    g_set_error (error, DISC_ERROR, DISC_ERROR_ADDRESS_SHARED,
                 _("port: UDP port %u on %s is shared by other processes, and this process "
                   "does not share it (reuse-address is off); turn reuse-address on to join "
                   "them, or choose another port"),
                 options->port, options->address);
  else if (!options->reuse_address)
    g_set_error (error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE,
                 _("port: UDP port %u on %s is in use by a socket that does not share it, and "
                   "this process does not share it either (reuse-address is off); choose "
                   "another port"),
                 options->port, options->address);
  else
    g_set_error (error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE,
                 _("port: UDP port %u on %s is taken by a socket that does not share it; "
                   "choose another port, or turn reuse-address on in the process that holds it"),
                 options->port, options->address);
}

/* address: the node binds the wildcard address (Linux delivers broadcasts
 * only to sockets bound to it) and keeps to the interface that owns its
 * address, by filtering what arrives and choosing where it sends from. */
static gboolean
open_socket (DiscTransport      *self,
             const DiscOptions  *options,
             GError            **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DiscInterface) iface = NULL;
  struct sockaddr_in native = { .sin_family = AF_INET, .sin_port = htons (options->port) };
  int on = 1;

  if (g_strcmp0 (options->address, DISC_DEFAULT_ADDRESS) != 0)
    {
      iface = disc_interfaces_find (options->address);
      if (iface == NULL || iface->index == 0)
        {
          g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ADDRESS,
                       _("address: %s is not an address of this host"), options->address);
          return FALSE;
        }
      self->bound = TRUE;
      self->bound_ifindex = iface->index;
      inet_pton (AF_INET, options->address, &self->bound_address);
    }

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &local_error);
  if (socket == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                   _("could not create a UDP socket: %s"), local_error->message);
      return FALSE;
    }
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_broadcast (socket, TRUE);
  /* Hellos arrive in bursts (a cluster starting, a flood); the default
   * 208 KiB drops some. The kernel caps this at net.core.rmem_max. */
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, 4 * 1024 * 1024, NULL);
  /* Where each datagram arrived: for address, and to tell unicast apart. */
  if (setsockopt (g_socket_get_fd (socket), IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                   _("could not ask for IP_PKTINFO: %s"), g_strerror (errno));
      return FALSE;
    }

#ifdef SO_RXQ_OVFL
  /* Each datagram then says how many the kernel has dropped on this
   * socket, its buffer full: see note_kernel_drops(). */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on);
#endif

  /* SO_REUSEADDR only, as Node's reuseAddr: every process on the host gets
   * broadcasts, and nothing load-balances datagrams between them. */
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, options->reuse_address, &local_error))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_REUSE_ADDRESS,
                   _("reuse-address: %s"), local_error->message);
      return FALSE;
    }

  /* Bound by hand: g_socket_bind() would set SO_REUSEADDR to its own
   * argument and add SO_REUSEPORT, which we do not want. */
  native.sin_addr.s_addr = htonl (INADDR_ANY);
  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, sizeof native) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EADDRINUSE)
        set_address_in_use_error (options, (struct sockaddr *) &native, sizeof native, error);
      else
        g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                     _("address: could not bind to %s port %u: %s"),
                     options->address, options->port, g_strerror (saved_errno));
      return FALSE;
    }

  if (options->multicast != NULL)
    {
      g_autoptr(GInetAddress) group = g_inet_address_new_from_string (options->multicast);

      if (!g_socket_join_multicast_group (socket, group, FALSE, iface ? iface->name : NULL,
                                          &local_error))
        {
          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                       _("multicast: could not join %s: %s"), options->multicast,
                       local_error->message);
          return FALSE;
        }
      g_socket_set_multicast_ttl (socket, options->multicast_ttl);
      if (self->bound)
        setsockopt (g_socket_get_fd (socket), IPPROTO_IP, IP_MULTICAST_IF,
                    &self->bound_address, sizeof self->bound_address);
    }

  self->socket = g_steal_pointer (&socket);
  return TRUE;
}

DiscTransport *
disc_transport_new (const DiscOptions             *options,
                    DiscStats                     *stats,
                    const DiscTransportCallbacks  *callbacks,
                    gpointer                       user_data,
                    GError                       **error)
{
  g_autoptr(GPtrArray) destinations = NULL;
  DiscTransport *self;

  destinations = build_destinations (options, error);
  if (destinations == NULL)
    return NULL;

  self = g_new0 (DiscTransport, 1);
  self->ref_count = 1;
  disc_kernel_drops_init (&self->kernel_drops);
  disc_options_copy (options, &self->options);
  if (!open_socket (self, options, error))
    {
      transport_unref (self);
      return NULL;
    }
  self->stats = stats;
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->destinations = g_steal_pointer (&destinations);
  self->receive_batch = disc_receive_batch_new (RECEIVE_BUFFER_SIZE);
  /* Sharing the port, this socket may be the one a unicast datagram
   * reaches: it relays to the others. */
  if (options->reuse_address)
    {
      self->relay_buffer = g_malloc (MAX_UDP_PAYLOAD);
      for (guint i = 0; i < RELAY_TOKEN_SIZE; i++)
        self->relay_token[i] = g_random_int_range (0, 256);
      self->relay_to_siblings = disc_port_has_siblings (options->port);
      self->relay_checked_us = g_get_monotonic_time ();
      announce_to_siblings (self);
    }

#ifdef G_OS_UNIX
  {
    int rcvbuf = 0;
    socklen_t rcvbuf_len = sizeof rcvbuf;

    /* The buffer the kernel actually gave (rmem_max caps it) bounds how
     * long reads may be deferred. */
    if (getsockopt (g_socket_get_fd (self->socket), SOL_SOCKET, SO_RCVBUF, &rcvbuf, &rcvbuf_len) != 0)
      rcvbuf = 0;
    disc_receive_pacing_init (&self->pacing, disc_receive_pacing_capacity_for_buffer (rcvbuf));
  }
  self->receive_source = receive_source_new (g_socket_get_fd (self->socket));
  g_source_set_callback (self->receive_source, read_datagrams, self, NULL);
#else
  self->receive_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->receive_source, G_SOURCE_FUNC (on_socket_readable), self, NULL);
#endif
  g_source_set_static_name (self->receive_source, "[disc] receive");
  /* GLib takes a source that may not recurse out of the poll set while it
   * is dispatched and puts it back after, waking its own poll() both
   * times: an eventfd write, an extra poll() and a read per wake-up, more
   * system calls than the datagrams themselves. read_datagrams() is safe
   * to re-enter. */
  g_source_set_can_recurse (self->receive_source, TRUE);
  g_source_attach (self->receive_source, g_main_context_get_thread_default ());

  if (disc_options_uses_default_broadcast (options))
    self->network_changed_id = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                                 G_CALLBACK (on_network_changed), self);
  return self;
}

/* Closes the socket; nothing is called back after this. */
void
disc_transport_free (DiscTransport *self)
{
  if (self == NULL)
    return;
  self->closed = TRUE;
  g_clear_signal_handler (&self->network_changed_id, g_network_monitor_get_default ());
  if (self->receive_source != NULL)
    {
      g_source_destroy (self->receive_source);
      g_clear_pointer (&self->receive_source, g_source_unref);
    }
  g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  transport_unref (self);
}
