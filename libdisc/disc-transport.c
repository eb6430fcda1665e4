/* disc-transport.c: socket, destinations, receiving and sending
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-transport"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#endif

#include "disc-transport.h"
#include "disc-error.h"
#include "disc-interfaces.h"
#include "disc-option-error.h"
#include "disc-receive-batch.h"

#define RECEIVE_BUFFER_SIZE        (64 * 1024 + 64)
#define MAX_DATAGRAMS_PER_DISPATCH 256

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
  gulong                  network_changed_id;
  GPtrArray              *destinations;          /* of Destination */
  DiscReceiveBatch       *receive_batch;         /* preallocated buffers and sources */
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

      if (g_socket_send_to (self->socket, to, data, len, NULL, &local_error) < 0)
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

static gboolean
read_datagrams (gpointer user_data)
{
  DiscTransport *self = transport_ref (user_data);
  g_autoptr(DiscReceiveBatch) nested = NULL;
  DiscReceiveBatch *batch = self->receive_batch;
  guint total = 0;

  /* The source may recurse (see disc_transport_new()): a callback that
   * runs a main loop of its own reads into buffers of its own, and the
   * datagrams of the batch being handled stay as they are. */
  if (self->reading > 0)
    batch = nested = disc_receive_batch_new (RECEIVE_BUFFER_SIZE);
  self->reading++;

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

          self->callbacks.datagram (datagram->data, datagram->len, datagram->address,
                                    datagram->address_len, self->user_data);
        }
      total += n;
      if (n < DISC_RECEIVE_BATCH_SIZE)
        break;
    }

  self->reading--;
  transport_unref (self);
  return G_SOURCE_CONTINUE;
}

#ifdef G_OS_UNIX
/* A plain fd source: GSocket's own source also re-arms its ready time on
 * every dispatch, for a timeout we do not use. */
static gboolean
on_fd_readable (gint         fd,
                GIOCondition condition,
                gpointer     user_data)
{
  return read_datagrams (user_data);
}
#else
static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  return read_datagrams (user_data);
}
#endif

/* The socket */

static GSocket *
open_socket (const DiscOptions  *options,
             GError            **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GError) local_error = NULL;
  struct sockaddr_storage native;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &local_error);
  if (socket == NULL)
    {
      g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                   _("could not create a UDP socket: %s"), local_error->message);
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_broadcast (socket, TRUE);
  /* Hellos arrive in bursts (a cluster starting, a flood); the default
   * 208 KiB drops some. The kernel caps this at net.core.rmem_max. */
  g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, 4 * 1024 * 1024, NULL);

  /* SO_REUSEADDR only, as Node's reuseAddr: every process on the host gets
   * broadcasts, and nothing load-balances datagrams between them. */
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, options->reuse_address, &local_error))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_REUSE_ADDRESS,
                   _("reuse-address: %s"), local_error->message);
      return NULL;
    }

  /* Bound by hand: g_socket_bind() would set SO_REUSEADDR to its own
   * argument and add SO_REUSEPORT, which we do not want. */
  bind_address = g_inet_socket_address_new_from_string (options->address, options->port);
  if (!g_socket_address_to_native (bind_address, &native, sizeof native, &local_error))
    {
      g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ADDRESS,
                   _("address: %s"), local_error->message);
      return NULL;
    }
  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native,
            g_socket_address_get_native_size (bind_address)) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EADDRINUSE)
        g_set_error (error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE,
                     _("port: UDP port %u on %s is in use by a socket that does not share it; "
                       "choose another port, or enable reuse-address on every process using it"),
                     options->port, options->address);
      else if (saved_errno == EADDRNOTAVAIL)
        g_set_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ADDRESS,
                     _("address: %s is not an address of this host"), options->address);
      else
        g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                     _("address: could not bind to %s port %u: %s"),
                     options->address, options->port, g_strerror (saved_errno));
      return NULL;
    }

  if (options->multicast != NULL)
    {
      g_autoptr(GInetAddress) group = g_inet_address_new_from_string (options->multicast);

      if (!g_socket_join_multicast_group (socket, group, FALSE, NULL, &local_error))
        {
          g_set_error (error, DISC_ERROR, DISC_ERROR_NETWORK,
                       _("multicast: could not join %s: %s"), options->multicast,
                       local_error->message);
          return NULL;
        }
      g_socket_set_multicast_ttl (socket, options->multicast_ttl);
    }

  return g_steal_pointer (&socket);
}

DiscTransport *
disc_transport_new (const DiscOptions             *options,
                    DiscStats                     *stats,
                    const DiscTransportCallbacks  *callbacks,
                    gpointer                       user_data,
                    GError                       **error)
{
  g_autoptr(GPtrArray) destinations = NULL;
  GSocket *socket;
  DiscTransport *self;

  destinations = build_destinations (options, error);
  if (destinations == NULL)
    return NULL;
  socket = open_socket (options, error);
  if (socket == NULL)
    return NULL;

  self = g_new0 (DiscTransport, 1);
  self->ref_count = 1;
  disc_options_copy (options, &self->options);
  self->stats = stats;
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->socket = socket;
  self->destinations = g_steal_pointer (&destinations);
  self->receive_batch = disc_receive_batch_new (RECEIVE_BUFFER_SIZE);

#ifdef G_OS_UNIX
  self->receive_source = g_unix_fd_source_new (g_socket_get_fd (self->socket), G_IO_IN);
  g_source_set_callback (self->receive_source, G_SOURCE_FUNC (on_fd_readable), self, NULL);
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
