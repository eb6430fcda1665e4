/* disc-port-siblings.c: does another socket of this host share a UDP port?
 *
 * A unicast datagram on a shared port reaches one of the sockets sharing
 * it, which relays it to the others (disc-transport.c). A socket alone on
 * its port has nobody to relay to, and a relay costs a send and, since it
 * is a loopback broadcast, a receive of its own: more than the hello
 * itself. Linux's sock_diag lists the UDP sockets bound to a port (in
 * this network namespace), so the transport asks it, now and then, rather
 * than relaying to nobody.
 *
 * Where the system cannot tell (no sock_diag, no udp_diag, an error), the
 * answer is yes: relaying to nobody wastes time, not relaying to somebody
 * loses datagrams.
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

#include "disc-port-siblings.h"

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>

/* How many sockets of @family are bound to UDP @port, or -1 when the
 * kernel does not say. */
static int
count_bound (int     fd,
             guint8  family,
             guint16 port)
{
  struct
  {
    struct nlmsghdr         header;
    struct inet_diag_req_v2 request;
  } query = {
    .header = {
      .nlmsg_len = sizeof query,
      .nlmsg_type = SOCK_DIAG_BY_FAMILY,
      .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
      .nlmsg_seq = family,
    },
    .request = {
      .sdiag_family = family,
      .sdiag_protocol = IPPROTO_UDP,
      .idiag_states = ~0U,
      .id.idiag_sport = htons (port),   /* udp_diag keeps to this port */
    },
  };
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  /* Aligned for struct nlmsghdr; the kernel sends at most a page or so per
   * message. */
  union { struct nlmsghdr header; char bytes[16384]; } reply;
  int count = 0;

  if (sendto (fd, &query, sizeof query, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    return -1;
  /* Bounded: a dump ends with NLMSG_DONE; a host has finitely many sockets. */
  for (;;)
    {
      ssize_t len = recv (fd, &reply, sizeof reply, 0);
      const struct nlmsghdr *message;

      if (len < 0 && errno == EINTR)
        continue;
      if (len <= 0)
        return -1;
      for (message = &reply.header; NLMSG_OK (message, (size_t) len);
           message = NLMSG_NEXT (message, len))
        {
          if (message->nlmsg_seq != family)
            continue;
          if (message->nlmsg_type == NLMSG_DONE)
            return count;
          if (message->nlmsg_type == NLMSG_ERROR)
            return -1;
          if (message->nlmsg_type == SOCK_DIAG_BY_FAMILY)
            {
              const struct inet_diag_msg *socket_info = NLMSG_DATA (message);

              if (message->nlmsg_len >= NLMSG_LENGTH (sizeof *socket_info) &&
                  socket_info->id.idiag_sport == htons (port))
                count++;
            }
        }
    }
}
#endif

/* Whether any UDP socket of this host (network namespace) other than the
 * caller's own one is bound to @port; TRUE when that cannot be told. */
gboolean
disc_port_has_siblings (guint16 port)
{
#ifdef __linux__
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  int v4;
  int v6;

  if (fd < 0)
    return TRUE;
  v4 = count_bound (fd, AF_INET, port);
  /* No answer for IPv6 (a kernel without it): no IPv6 socket either. */
  v6 = v4 < 0 ? 0 : MAX (count_bound (fd, AF_INET6, port), 0);
  close (fd);
  if (v4 < 0)
    return TRUE;
  /* One of them is the caller's. */
  return v4 + v6 > 1;
#else
  return TRUE;
#endif
}
