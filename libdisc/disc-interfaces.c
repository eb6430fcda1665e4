/* disc-interfaces.c
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

static void
interface_free (DiscInterface *iface)
{
  g_free (iface->name);
  g_free (iface->address);
  g_free (iface->broadcast);
  g_free (iface);
}

/* Every up, broadcast-capable, non-loopback IPv4 interface. */
GPtrArray *
disc_interfaces_list_broadcast (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);
  struct ifaddrs *ifaddrs = NULL;

  if (getifaddrs (&ifaddrs) != 0)
    return list;

  for (struct ifaddrs *ifa = ifaddrs; ifa != NULL; ifa = ifa->ifa_next)
    {
      char address[INET_ADDRSTRLEN], broadcast[INET_ADDRSTRLEN];
      DiscInterface *iface;

      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET ||
          ifa->ifa_broadaddr == NULL ||
          !(ifa->ifa_flags & IFF_UP) || !(ifa->ifa_flags & IFF_BROADCAST) ||
          (ifa->ifa_flags & IFF_LOOPBACK))
        continue;

      inet_ntop (AF_INET, &((struct sockaddr_in *) ifa->ifa_addr)->sin_addr, address, sizeof address);
      inet_ntop (AF_INET, &((struct sockaddr_in *) ifa->ifa_broadaddr)->sin_addr, broadcast, sizeof broadcast);

      iface = g_new0 (DiscInterface, 1);
      iface->name = g_strdup (ifa->ifa_name);
      iface->address = g_strdup (address);
      iface->broadcast = g_strdup (broadcast);
      g_ptr_array_add (list, iface);
    }

  freeifaddrs (ifaddrs);
  return list;
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
