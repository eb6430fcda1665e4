/* disc-receive-pacing.c: wait for the socket, or read it on a timer
 *
 * Interrupt moderation for a main loop. Each wake-up of the main loop for
 * a datagram costs a poll() and the scheduler's work around it, whatever
 * it then reads; the kernel's floor (a bare blocking recvmmsg() loop) pays
 * less, and at tens of thousands of hellos a second, spread out, each
 * wake-up finds one datagram. So, as NIC drivers do:
 *
 * - While traffic is light, the transport waits for the socket: a datagram
 *   is read as soon as it arrives, with no added latency.
 * - When the socket wakes the loop DISC_RECEIVE_PACING_HEAVY_WAKES times
 *   within DISC_RECEIVE_PACING_WINDOW_US (2,000 wake-ups a second, twice
 *   the timer's rate), the transport stops watching the socket and reads
 *   whatever has queued every DISC_RECEIVE_PACING_PERIOD_US (1 ms). Bursts
 *   (a cluster's hellos sent together) wake the loop a few times and then
 *   leave it idle, and stay on the socket.
 * - A timed read that finds fewer than DISC_RECEIVE_PACING_LIGHT_READ
 *   datagrams goes back to the socket: the timer would not save anything.
 *
 * The deferral is bounded so that the socket's buffer cannot overflow
 * because of it: from what the last timed read found and how long it had
 * waited, the next one comes before half of the buffer (@capacity
 * datagrams) could have filled; and a read that stopped at the transport's
 * per-dispatch bound, with more queued, is followed by another at once
 * (after the rest of the main loop has had its turn).
 *
 * Added latency, only under load: at most one period, 1 ms, plus the main
 * loop's rounding of timeouts to whole milliseconds: 1–2 ms.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-receive-pacing"

#include "config.h"

#include "disc-receive-pacing.h"

/* What the kernel charges the socket's buffer for one datagram
 * (skb->truesize), bytes: for one of a full 1,500-byte block, about 2.3 KB
 * on Linux; hellos are smaller, so capacities from this are low. */
#define DATAGRAM_TRUESIZE 2560

/* @capacity: how many datagrams the socket's receive buffer holds (see
 * disc_receive_pacing_capacity_for_buffer()); at least 2. */
void
disc_receive_pacing_init (DiscReceivePacing *self,
                          guint              capacity)
{
  *self = (DiscReceivePacing) {
    .mode = DISC_RECEIVE_PACING_SOCKET,
    .capacity = MAX (capacity, 2),
    .window_start_us = G_MININT64 / 2,
  };
}

/* The number of datagrams a receive buffer of @rcvbuf_bytes (as
 * getsockopt (SO_RCVBUF) reads it, the kernel's own limit) holds at least. */
guint
disc_receive_pacing_capacity_for_buffer (int rcvbuf_bytes)
{
  return MAX (rcvbuf_bytes, 0) / DATAGRAM_TRUESIZE;
}

static gint64
enter_socket_mode (DiscReceivePacing *self,
                   gint64             now_us)
{
  self->mode = DISC_RECEIVE_PACING_SOCKET;
  self->window_start_us = now_us;
  self->window_wakes = 0;
  self->window_datagrams = 0;
  return -1;
}

/* The next timed read: one period from now, or sooner if at the rate the
 * last read saw the queue would reach half the buffer first. */
static gint64
next_timed_read (DiscReceivePacing *self,
                 gint64             now_us,
                 guint              datagrams,
                 gint64             waited_us)
{
  gint64 delay_us = DISC_RECEIVE_PACING_PERIOD_US;

  if (datagrams > 0 && waited_us > 0)
    {
      gint64 fill_half_us = (gint64) (self->capacity / 2) * waited_us / datagrams;

      delay_us = MIN (delay_us, fill_half_us);
    }
  return now_us + delay_us;
}

/**
 * disc_receive_pacing_dispatched:
 * @self: the pacing of one socket
 * @now_us: the time of this read, monotonic µs
 * @datagrams: how many it read
 * @drained: whether it emptied the queue (its last batch came back
 *   short), rather than stopping at the per-dispatch bound
 *
 * Tells the pacing that the socket was read, and asks what to do next.
 *
 * Returns: -1 to wait for the socket, or the monotonic time (µs) at which
 *   to read it again without waiting for it; that time may be @now_us
 */
gint64
disc_receive_pacing_dispatched (DiscReceivePacing *self,
                                gint64             now_us,
                                guint              datagrams,
                                gboolean           drained)
{
  gint64 waited_us = now_us - self->last_read_us;

  self->last_read_us = now_us;

  if (self->mode == DISC_RECEIVE_PACING_TIMER)
    {
      self->timed_reads++;
      if (!drained)
        return now_us;
      if (datagrams < DISC_RECEIVE_PACING_LIGHT_READ)
        return enter_socket_mode (self, now_us);
      return next_timed_read (self, now_us, datagrams, waited_us);
    }

  /* Waiting for the socket: count its wake-ups in a window. */
  if (now_us - self->window_start_us >= DISC_RECEIVE_PACING_WINDOW_US)
    {
      self->window_start_us = now_us;
      self->window_wakes = 0;
      self->window_datagrams = 0;
    }
  self->window_wakes++;
  self->window_datagrams += datagrams;
  if (self->window_wakes < DISC_RECEIVE_PACING_HEAVY_WAKES)
    return -1;

  /* The first deferral from the window's rate: a read since its start. */
  self->mode = DISC_RECEIVE_PACING_TIMER;
  if (!drained)
    return now_us;
  return next_timed_read (self, now_us, self->window_datagrams, now_us - self->window_start_us);
}

DiscReceivePacingMode
disc_receive_pacing_get_mode (const DiscReceivePacing *self)
{
  return self->mode;
}
