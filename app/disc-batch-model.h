/* disc-batch-model.h: a list model that passes on its source's changes in batches
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DISC_TYPE_BATCH_MODEL (disc_batch_model_get_type ())

G_DECLARE_FINAL_TYPE (DiscBatchModel, disc_batch_model, DISC, BATCH_MODEL, GObject)

DiscBatchModel *disc_batch_model_new   (GListModel     *source);
void            disc_batch_model_flush (DiscBatchModel *self);

G_END_DECLS
