/* disc-drop-log.h: who sent the datagrams that were dropped, and when a
 * new kind of drop starts (private)
 *
 * Counting drops by reason is disc-stats.h's job; this remembers, per
 * reason, a bounded set of source addresses, and says when a reason
 * starts (again) so that an application can diagnose without polling.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-drop-reason.h"

G_BEGIN_DECLS

#define DISC_DROP_LOG_MAX_SOURCES 256      /* distinct addresses remembered per reason */
#define DISC_DROP_LOG_QUIET_MS    60000    /* a reason silent this long starts anew */

typedef struct _DiscDropLog DiscDropLog;

DiscDropLog *disc_drop_log_new           (void);
void         disc_drop_log_free          (DiscDropLog    *self);
gboolean     disc_drop_log_add           (DiscDropLog    *self,
                                          DiscDropReason  reason,
                                          guint32         source,
                                          gint64          now_ms);
guint        disc_drop_log_get_n_sources (DiscDropLog    *self,
                                          DiscDropReason  reason);
char       **disc_drop_log_list_sources  (DiscDropLog    *self,
                                          DiscDropReason  reason);
void         disc_drop_log_clear         (DiscDropLog    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscDropLog, disc_drop_log_free)

G_END_DECLS
