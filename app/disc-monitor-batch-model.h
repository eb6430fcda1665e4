/* disc-monitor-batch-model.h: a list model that passes on its source's changes in batches
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_BATCH_MODEL (disc_monitor_batch_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorBatchModel, disc_monitor_batch_model, DISC, MONITOR_BATCH_MODEL, GObject)

DiscMonitorBatchModel *disc_monitor_batch_model_new   (GListModel            *source);
void                   disc_monitor_batch_model_flush (DiscMonitorBatchModel *self);

G_END_DECLS
