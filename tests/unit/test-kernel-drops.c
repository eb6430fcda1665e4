/* test-kernel-drops.c: counting the kernel's receive-buffer drops, no socket
 *
 * core/disc-kernel-drops.c turns values of the kernel's per-socket drop
 * counter, read with datagrams (SO_RXQ_OVFL) or by asking (SO_MEMINFO),
 * into drops to count. Each case feeds it values in an order the two
 * sources can produce and checks every drop is counted once.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-kernel-drops.h"
#include "disc-stats.h"

static guint64
feed (DiscKernelDrops *drops,
      const guint32   *values,
      guint            n)
{
  guint64 total = 0;

  for (guint i = 0; i < n; i++)
    total += disc_kernel_drops_update (drops, values[i]);
  return total;
}

static void
test_counts_each_drop_once (void)
{
  DiscKernelDrops drops;
  /* A datagram queued after 3 drops, a look that says 10, then datagrams
   * queued before that look (older values), then later ones. */
  const guint32 values[] = { 3, 3, 10, 4, 7, 10, 12, 12, 15 };

  g_test_summary ("Every value of the kernel's counter adds only the drops not yet counted");
  disc_kernel_drops_init (&drops);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 0), ==, 0);
  g_assert_cmpuint (feed (&drops, values, G_N_ELEMENTS (values)), ==, 15);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 15), ==, 0);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 16), ==, 1);
}

static void
test_wraps (void)
{
  DiscKernelDrops drops;

  g_test_summary ("The 32-bit counter wrapping adds the drops across the wrap, "
                  "and a value from before the wrap adds none");
  disc_kernel_drops_init (&drops);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 0x7fffffffu), ==, 0x7fffffffu);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, G_MAXUINT32 - 4), ==, 0x80000000u - 4);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 5), ==, 10);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, G_MAXUINT32 - 1), ==, 0);
  g_assert_cmpuint (disc_kernel_drops_update (&drops, 6), ==, 1);
}

static void
test_described (void)
{
  g_test_summary ("The new drop reason says what to do");
  g_assert_nonnull (strstr (disc_drop_reason_describe (DISC_DROP_RECEIVE_BUFFER), "rmem_max"));
  g_assert_cmpstr (disc_drop_reason_describe (DISC_DROP_N_REASONS), ==, "unknown");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernel-drops/counts-each-drop-once", test_counts_each_drop_once);
  g_test_add_func ("/kernel-drops/wraps", test_wraps);
  g_test_add_func ("/kernel-drops/described", test_described);
  return g_test_run ();
}
