/* disc-bench-floor.c: the kernel's floor, a bare recvmmsg() loop
 *
 *   disc-bench-floor --port PORT [--address A] [--batch B] [--max-seconds S]
 *
 * Binds A:PORT (default 0.0.0.0, SO_REUSEADDR like the nodes), prints
 * "ready" once bound, then receives with recvmmsg(MSG_WAITFORONE) in
 * batches of up to B and does nothing else with the data. It stops on
 * SIGTERM or SIGINT, or after S seconds (default 120), and prints one JSON
 * line with the datagrams and bytes received.
 *
 * This is the least CPU any receiver of the same datagrams at the same pace
 * can spend: the syscalls and the copies, no parsing.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256
#define BUFFER_SIZE 2048

static volatile sig_atomic_t stop;

static void
on_signal (int signum)
{
  stop = 1;
}

int
main (int argc, char **argv)
{
  const char *address = "0.0.0.0";
  int port = 0, batch = 64, fd, one = 1;
  double max_seconds = 120;
  struct sockaddr_in sin = { .sin_family = AF_INET };
  static unsigned char buffers[MAX_BATCH][BUFFER_SIZE];
  struct iovec iov[MAX_BATCH];
  struct mmsghdr msgs[MAX_BATCH];
  struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
  struct sigaction sa = { .sa_handler = on_signal };
  unsigned long long datagrams = 0, bytes = 0, calls = 0;
  struct timespec start, now;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--port") == 0)
        port = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--address") == 0)
        address = argv[i + 1];
      else if (strcmp (argv[i], "--batch") == 0)
        batch = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--max-seconds") == 0)
        max_seconds = atof (argv[i + 1]);
      else
        port = 0, i = argc;
    }
  if (port <= 0 || port > 65535 || batch < 1 || batch > MAX_BATCH ||
      max_seconds <= 0 || max_seconds > 3600 || argc % 2 == 0 ||
      inet_pton (AF_INET, address, &sin.sin_addr) != 1)
    {
      fprintf (stderr, "usage: disc-bench-floor --port PORT [--address A] [--batch B] [--max-seconds S]\n");
      return 2;
    }
  sin.sin_port = htons (port);

  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);

  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return perror ("socket"), 1;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (bind (fd, (struct sockaddr *) &sin, sizeof sin) < 0)
    return perror ("bind"), 1;

  for (int i = 0; i < batch; i++)
    {
      iov[i].iov_base = buffers[i];
      iov[i].iov_len = BUFFER_SIZE;
      memset (&msgs[i], 0, sizeof msgs[i]);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }

  printf ("ready\n");
  fflush (stdout);
  clock_gettime (CLOCK_MONOTONIC, &start);

  while (!stop)
    {
      int n = recvmmsg (fd, msgs, batch, MSG_WAITFORONE, NULL);

      if (n > 0)
        {
          calls++;
          datagrams += n;
          for (int i = 0; i < n; i++)
            bytes += msgs[i].msg_len;
        }
      else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return perror ("recvmmsg"), 1;

      clock_gettime (CLOCK_MONOTONIC, &now);
      if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 > max_seconds)
        break;
    }

  printf ("{\"datagrams\": %llu, \"bytes\": %llu, \"calls\": %llu}\n", datagrams, bytes, calls);
  close (fd);
  return 0;
}
