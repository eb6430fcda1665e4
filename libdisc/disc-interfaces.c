/* disc-interfaces.c: the host's IPv4 interfaces, from getifaddrs()
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-interfaces"

#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "disc-interfaces.h"

void
disc_interface_free (DiscInterface *iface)
{
  if (iface == NULL)
    return;
  g_free (iface->name);
  g_free (iface->address);
  g_free (iface->broadcast);
  g_free (iface);
}

static DiscInterface *
interface_new (struct ifaddrs *ifa)
{
  DiscInterface *iface = g_new0 (DiscInterface, 1);
  struct in_addr address = ((struct sockaddr_in *) ifa->ifa_addr)->sin_addr;
  struct in_addr broadcast;
  char text[INET_ADDRSTRLEN];

  if (ifa->ifa_broadaddr != NULL && (ifa->ifa_flags & IFF_BROADCAST))
    broadcast = ((struct sockaddr_in *) ifa->ifa_broadaddr)->sin_addr;
  else if (ifa->ifa_netmask != NULL)
    /* lo has none, yet 127.255.255.255 is its broadcast address */
    broadcast.s_addr = address.s_addr | ~((struct sockaddr_in *) ifa->ifa_netmask)->sin_addr.s_addr;
  else
    broadcast.s_addr = htonl (INADDR_BROADCAST);

  iface->name = g_strdup (ifa->ifa_name);
  iface->index = if_nametoindex (ifa->ifa_name);
  iface->address = g_strdup (inet_ntop (AF_INET, &address, text, sizeof text));
  iface->broadcast = g_strdup (inet_ntop (AF_INET, &broadcast, text, sizeof text));
  return iface;
}

/* Every up, broadcast-capable, non-loopback IPv4 interface that has a
 * carrier: an idle bridge (docker0 with no container) or an unplugged
 * cable is left out until its link comes up, so the node never names
 * itself by an address nobody can reach. */
GPtrArray *
disc_interfaces_list_broadcast (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_interface_free);
  struct ifaddrs *ifaddrs = NULL;

  if (getifaddrs (&ifaddrs) != 0)
    return list;

  for (struct ifaddrs *ifa = ifaddrs; ifa != NULL; ifa = ifa->ifa_next)
    {
      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET ||
          ifa->ifa_broadaddr == NULL ||
          !(ifa->ifa_flags & IFF_UP) || !(ifa->ifa_flags & IFF_RUNNING) ||
          !(ifa->ifa_flags & IFF_BROADCAST) || (ifa->ifa_flags & IFF_LOOPBACK))
        continue;
      g_ptr_array_add (list, interface_new (ifa));
    }

  freeifaddrs (ifaddrs);
  return list;
}

/* The interface that owns @address (loopback included), or NULL. */
DiscInterface *
disc_interfaces_find (const char *address)
{
  struct ifaddrs *ifaddrs = NULL;
  struct in_addr wanted;
  DiscInterface *found = NULL;

  if (inet_pton (AF_INET, address, &wanted) != 1 || getifaddrs (&ifaddrs) != 0)
    return NULL;
  for (struct ifaddrs *ifa = ifaddrs; ifa != NULL && found == NULL; ifa = ifa->ifa_next)
    if (ifa->ifa_addr != NULL && ifa->ifa_addr->sa_family == AF_INET &&
        ((struct sockaddr_in *) ifa->ifa_addr)->sin_addr.s_addr == wanted.s_addr)
      found = interface_new (ifa);
  freeifaddrs (ifaddrs);
  return found;
}

/* The local address the kernel would send from to reach @destination:
 * connecting a UDP socket only looks up the route, nothing is sent. */
char *
disc_interfaces_source_for (GInetAddress *destination)
{
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  if (probe == NULL)
    return NULL;
  g_socket_set_broadcast (probe, TRUE);
  remote = g_inet_socket_address_new (destination, 9);
  if (!g_socket_connect (probe, remote, NULL, NULL))
    return NULL;
  local = g_socket_get_local_address (probe, NULL);
  if (local == NULL)
    return NULL;
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
}

/* The address of the interface that carries the default route, or NULL
 * without one: the route to 192.0.2.1 (TEST-NET-1, never on a LAN) is
 * looked up, and nothing is sent. */
char *
disc_interfaces_default_source (void)
{
  g_autoptr(GInetAddress) outside = g_inet_address_new_from_string ("192.0.2.1");

  return disc_interfaces_source_for (outside);
}
