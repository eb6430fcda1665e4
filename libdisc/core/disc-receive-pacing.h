/* disc-receive-pacing.h: when to read the socket next (private)
 *
 * No I/O and no clock of its own: the transport reports each read with the
 * time, and is told whether to wait for the socket or read on a timer.
 * Tests step a fake clock.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The timer's period while traffic is heavy, µs: the most a datagram waits
 * before it is read (the main loop polls in whole milliseconds, so up to
 * about 2 ms in all). */
#define DISC_RECEIVE_PACING_PERIOD_US   1000
/* Heavy: at least this many wake-ups on the socket within
 * DISC_RECEIVE_PACING_WINDOW_US, twice the timer's rate. */
#define DISC_RECEIVE_PACING_WINDOW_US   (8 * DISC_RECEIVE_PACING_PERIOD_US)
#define DISC_RECEIVE_PACING_HEAVY_WAKES 16
/* Light again: a timed read found fewer datagrams than this, so waiting
 * on the socket costs no more wake-ups than the timer does. */
#define DISC_RECEIVE_PACING_LIGHT_READ  2

typedef enum {
  DISC_RECEIVE_PACING_SOCKET,   /* wake up when a datagram arrives */
  DISC_RECEIVE_PACING_TIMER,    /* read what has queued, on a timer */
} DiscReceivePacingMode;

typedef struct
{
  DiscReceivePacingMode mode;
  guint                 capacity;       /* datagrams the socket's buffer holds */
  gint64                window_start_us;
  guint                 window_wakes;
  guint                 window_datagrams;
  gint64                last_read_us;
  guint64               timed_reads;    /* for tests and debugging */
} DiscReceivePacing;

void                  disc_receive_pacing_init       (DiscReceivePacing *self,
                                                      guint              capacity);
gint64                disc_receive_pacing_dispatched (DiscReceivePacing *self,
                                                      gint64             now_us,
                                                      guint              datagrams,
                                                      gboolean           drained);
DiscReceivePacingMode disc_receive_pacing_get_mode   (const DiscReceivePacing *self);
guint                 disc_receive_pacing_capacity_for_buffer (int       rcvbuf_bytes);

G_END_DECLS
