/* test-port-siblings.c: whether another socket shares a UDP port
 *
 * The transport relays a unicast datagram only when the kernel lists
 * another socket on its port (libdisc/disc-port-siblings.c). Real sockets
 * on 127.0.0.1, bound like the transport's (SO_REUSEADDR, SO_REUSEPORT);
 * nothing is sent.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "disc-port-siblings.h"

/* A UDP socket sharing @port on 127.0.0.1; *port is set when it is 0. */
static int
bind_shared (guint16 *port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (*port) };
  socklen_t len = sizeof address;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int on = 1;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on), ==, 0);
  inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &len), ==, 0);
  *port = ntohs (address.sin_port);
  return fd;
}

static void
test_alone_then_shared (void)
{
  guint16 port = 0;
  int first = bind_shared (&port);
  int second;

  g_test_summary ("A socket alone on its port has no siblings; a second one sharing "
                  "it is one, until it closes");
  if (!disc_port_has_siblings (port))
    {
      second = bind_shared (&port);
      g_assert_true (disc_port_has_siblings (port));
      close (second);
      g_assert_false (disc_port_has_siblings (port));
    }
  else
    /* The kernel cannot say (no udp_diag here, or another process took
     * the same port meanwhile): the answer must then be yes. */
    g_test_message ("port %u: the kernel did not say it is alone; yes is the safe answer", port);
  close (first);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/port-siblings/alone-then-shared", test_alone_then_shared);
  return g_test_run ();
}
