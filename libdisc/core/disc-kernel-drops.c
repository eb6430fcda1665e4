/* disc-kernel-drops.c
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-kernel-drops"

#include "config.h"

#include "disc-kernel-drops.h"

/* A socket's counter starts at 0 when it is created. */
void
disc_kernel_drops_init (DiscKernelDrops *self)
{
  self->counter = 0;
}

/* @counter: a value of the kernel's counter, read with a datagram or by
 * asking. Returns how many drops it adds to those already counted: 0 when
 * it is not newer than the highest value seen. The counter wraps at 2³²;
 * a value up to 2³¹ behind is an old one (a datagram queued before the
 * last look), not 4 billion new drops. */
guint32
disc_kernel_drops_update (DiscKernelDrops *self,
                          guint32          counter)
{
  guint32 added = counter - self->counter;

  if (added == 0 || added > G_MAXINT32)
    return 0;
  self->counter = counter;
  return added;
}
