/* disc-kernel-drops.h: the kernel's count of datagrams a socket lost,
 * turned into drops to count (private)
 *
 * The kernel counts, per socket, the datagrams it dropped because the
 * receive buffer was full. The node reads that counter two ways: with
 * each datagram (SO_RXQ_OVFL: its value when that datagram was queued)
 * and, when nothing arrives, by asking (SO_MEMINFO: its value now). Both
 * are the same 32-bit counter, which wraps; a datagram queued before the
 * last look carries an older value. This keeps the highest value seen and
 * says how many drops each newer one adds, so that every drop is counted
 * exactly once whatever the order of the looks.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 counter;   /* the kernel's counter, the highest value seen; 0 at socket creation */
} DiscKernelDrops;

void    disc_kernel_drops_init   (DiscKernelDrops *self);
guint32 disc_kernel_drops_update (DiscKernelDrops *self,
                                  guint32          counter);

G_END_DECLS
