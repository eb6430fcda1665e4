/* disc-rate-limit.h: token buckets per source IPv4 address (private)
 *
 * No clock of its own: every call takes the time, so tests step a fake one.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DISC_RATE_LIMIT_MAX_SOURCES 4096

typedef struct _DiscRateLimit DiscRateLimit;

DiscRateLimit *disc_rate_limit_new    (guint          rate_per_second,
                                       guint          burst,
                                       guint          max_sources);
void           disc_rate_limit_free   (DiscRateLimit *self);
gboolean       disc_rate_limit_take   (DiscRateLimit *self,
                                       guint32        source,
                                       gint64         now_ms);
guint          disc_rate_limit_get_n_sources (DiscRateLimit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscRateLimit, disc_rate_limit_free)

G_END_DECLS
