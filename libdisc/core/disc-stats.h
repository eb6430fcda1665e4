/* disc-stats.h: counters of traffic and rejections (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-drop-reason.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 received;
  guint64 sent;
  guint64 drops[DISC_DROP_N_REASONS];
} DiscStats;

const char *disc_drop_reason_describe (DiscDropReason reason);
guint64     disc_stats_drop_total     (const DiscStats *stats);
int         disc_stats_last_drop      (const DiscStats *before,
                                       const DiscStats *after);

G_END_DECLS
