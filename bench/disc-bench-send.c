/* disc-bench-send.c: replay pre-built datagrams at a steady pace
 *
 *   disc-bench-send --to ADDRESS:PORT --packets FILE [--rounds R]
 *                   [--rate PER_SECOND] [--batch B] [--max-seconds S]
 *                   [--sources N]
 *
 * Sends every datagram of FILE (written by disc-bench-packets) in order,
 * R times, with sendmmsg() in batches of B, a batch every B/rate seconds on
 * an absolute schedule (so a late batch does not shift the rest). It stops
 * after R rounds or S seconds, whichever comes first, and prints one JSON
 * line: datagrams sent, seconds taken, and how late the worst batch was.
 *
 * With --sources N, datagram k of the file leaves from loopback address
 * number k mod N (127.1.0.1, 127.1.0.2, ... set per datagram with
 * IP_PKTINFO), as if each instance ran on a host of its own: receivers that
 * limit new nodes per source address (libdisc's new-node-rate) see one
 * new node per address, as on a real network.
 *
 * It refuses any destination outside 127.0.0.0/8: nothing it sends can
 * leave the machine (bench/run also runs it inside a network namespace of
 * its own, where loopback is all there is).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 127.1.0.1 onwards, skipping .0 and .255 in the last two octets. */
static struct in_addr
source_address (unsigned long index)
{
  struct in_addr a;
  unsigned long c = index % 254, b = (index / 254) % 254, hi = index / (254 * 254);

  a.s_addr = htonl ((127u << 24) | ((1 + hi) << 16) | ((1 + b) << 8) | (1 + c));
  return a;
}

static uint32_t
read_u32 (const unsigned char *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t) p[3] << 24);
}

int
main (int argc, char **argv)
{
  const char *to = NULL, *path = NULL;
  long rounds = 1, batch = 10, sources = 0;
  double rate = 10000, max_seconds = 120;
  struct sockaddr_in dest = { .sin_family = AF_INET };
  unsigned char *file;
  long file_len;
  uint32_t count;
  struct iovec *iov;
  FILE *in;
  int fd, one = 1;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--to") == 0)
        to = argv[i + 1];
      else if (strcmp (argv[i], "--packets") == 0)
        path = argv[i + 1];
      else if (strcmp (argv[i], "--rounds") == 0)
        rounds = atol (argv[i + 1]);
      else if (strcmp (argv[i], "--rate") == 0)
        rate = atof (argv[i + 1]);
      else if (strcmp (argv[i], "--batch") == 0)
        batch = atol (argv[i + 1]);
      else if (strcmp (argv[i], "--max-seconds") == 0)
        max_seconds = atof (argv[i + 1]);
      else if (strcmp (argv[i], "--sources") == 0)
        sources = atol (argv[i + 1]);
      else
        to = NULL, i = argc;
    }
  if (to == NULL || path == NULL || rounds < 1 || rounds > 100000 || rate <= 0 ||
      batch < 1 || batch > MAX_BATCH || max_seconds <= 0 || max_seconds > 3600 || argc % 2 == 0 ||
      sources < 0 || sources > 200 * 254 * 254)
    {
      fprintf (stderr, "usage: disc-bench-send --to ADDRESS:PORT --packets FILE [--rounds R] "
                       "[--rate PER_SECOND] [--batch B] [--max-seconds S] [--sources N]\n");
      return 2;
    }

  {
    char host[64];
    const char *colon = strrchr (to, ':');

    if (colon == NULL || colon - to >= (long) sizeof host)
      return fprintf (stderr, "disc-bench-send: bad address %s\n", to), 2;
    memcpy (host, to, colon - to);
    host[colon - to] = '\0';
    if (inet_pton (AF_INET, host, &dest.sin_addr) != 1)
      return fprintf (stderr, "disc-bench-send: bad address %s\n", to), 2;
    dest.sin_port = htons (atoi (colon + 1));
    if ((ntohl (dest.sin_addr.s_addr) >> 24) != 127)
      return fprintf (stderr, "disc-bench-send: refusing %s: not a loopback address\n", to), 2;
  }

  in = fopen (path, "rb");
  if (in == NULL)
    return fprintf (stderr, "disc-bench-send: %s: %s\n", path, strerror (errno)), 1;
  fseek (in, 0, SEEK_END);
  file_len = ftell (in);
  rewind (in);
  file = malloc (file_len > 0 ? file_len : 1);
  if (file_len < 8 || fread (file, 1, file_len, in) != (size_t) file_len || memcmp (file, "DBPK", 4) != 0)
    return fprintf (stderr, "disc-bench-send: %s: not a packet file\n", path), 1;
  fclose (in);
  count = read_u32 (file + 4);
  iov = calloc (count ? count : 1, sizeof *iov);
  {
    long off = 8;

    for (uint32_t i = 0; i < count; i++)
      {
        if (off + 4 > file_len)
          return fprintf (stderr, "disc-bench-send: %s: truncated\n", path), 1;
        iov[i].iov_len = read_u32 (file + off);
        iov[i].iov_base = file + off + 4;
        off += 4 + iov[i].iov_len;
        if (off > file_len)
          return fprintf (stderr, "disc-bench-send: %s: truncated\n", path), 1;
      }
  }

  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return perror ("socket"), 1;
  setsockopt (fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
  {
    int size = 4 << 20;

    setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  }

  {
    struct mmsghdr msgs[MAX_BATCH];
    union {
      char buffer[CMSG_SPACE (sizeof (struct in_pktinfo))];
      struct cmsghdr align;
    } control[MAX_BATCH];
    unsigned long long total = (unsigned long long) rounds * count, sent = 0, errors = 0;
    double start = now_s (), period = batch / rate, worst_late = 0;
    unsigned long long k = 0;

    while (sent < total)
      {
        int n = 0, r;
        double late;

        if (now_s () - start > max_seconds)
          break;
        for (; n < batch && sent + n < total; n++)
          {
            memset (&msgs[n], 0, sizeof msgs[n]);
            msgs[n].msg_hdr.msg_name = &dest;
            msgs[n].msg_hdr.msg_namelen = sizeof dest;
            msgs[n].msg_hdr.msg_iov = &iov[(sent + n) % count];
            msgs[n].msg_hdr.msg_iovlen = 1;
            if (sources > 0)
              {
                struct cmsghdr *cmsg;
                struct in_pktinfo info = { .ipi_spec_dst = source_address (((sent + n) % count) % sources) };

                memset (&control[n], 0, sizeof control[n]);
                msgs[n].msg_hdr.msg_control = control[n].buffer;
                msgs[n].msg_hdr.msg_controllen = sizeof control[n].buffer;
                cmsg = CMSG_FIRSTHDR (&msgs[n].msg_hdr);
                cmsg->cmsg_level = IPPROTO_IP;
                cmsg->cmsg_type = IP_PKTINFO;
                cmsg->cmsg_len = CMSG_LEN (sizeof info);
                memcpy (CMSG_DATA (cmsg), &info, sizeof info);
              }
          }
        r = sendmmsg (fd, msgs, n, 0);
        if (r < 0)
          {
            if (++errors > 1000)
              return perror ("sendmmsg"), 1;
            r = 0;
          }
        sent += r;
        k++;

        /* The next batch is due at start + k × period, absolute. */
        {
          double due = k * period;
          double t = now_s () - start;

          late = t - due;
          if (late > worst_late)
            worst_late = late;
          if (due > t)
            {
              double at = start + due;
              struct timespec ts = { .tv_sec = (time_t) at,
                                     .tv_nsec = (long) ((at - (time_t) at) * 1e9) };

              while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
                ;
            }
        }
      }
    printf ("{\"sent\": %llu, \"seconds\": %.4f, \"worst_late_ms\": %.3f, \"send_errors\": %llu}\n",
            sent, now_s () - start, worst_late * 1000, errors);
  }
  close (fd);
  free (iov);
  free (file);
  return 0;
}
