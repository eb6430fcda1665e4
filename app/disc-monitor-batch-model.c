/* disc-monitor-batch-model.c: a list model that passes on its source's changes in batches
 *
 * libdisc emits one items-changed per node that comes or goes, which is
 * what a model should do. But when thousands of nodes time out in one
 * check, GTK 4.8's list views re-bind their visible rows on every one of
 * those signals, and the window freezes for seconds.
 *
 * This model shows its source as it was at the last flush. Changes are
 * only accumulated as they happen: the first position that changed and
 * how many items at the end did not (both follow from items-changed
 * itself, without scanning). Once per main-loop iteration, before the
 * next frame is laid out, one items-changed covers them all. A lone node
 * coming or going is still passed on as exactly that one item; a burst
 * becomes one change over the range it touched.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-batch-model"

#include "config.h"

#include "disc-monitor-batch-model.h"

struct _DiscMonitorBatchModel
{
  GObject       parent_instance;

  GListModel   *source;
  GSignalGroup *source_signals;
  GSequence    *items; /* the source as of the last flush */
  guint         flush_id;
  gboolean      dirty;
  guint         head;  /* items [0, head) are unchanged since the flush */
  guint         tail;  /* so are the last @tail items */
};

static GType
disc_monitor_batch_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (DISC_MONITOR_BATCH_MODEL (model)->source);
}

static guint
disc_monitor_batch_model_get_n_items (GListModel *model)
{
  return g_sequence_get_length (DISC_MONITOR_BATCH_MODEL (model)->items);
}

static gpointer
disc_monitor_batch_model_get_item (GListModel *model,
                                   guint       position)
{
  DiscMonitorBatchModel *self = DISC_MONITOR_BATCH_MODEL (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->items, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = disc_monitor_batch_model_get_item_type;
  iface->get_n_items = disc_monitor_batch_model_get_n_items;
  iface->get_item = disc_monitor_batch_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DiscMonitorBatchModel, disc_monitor_batch_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/**
 * disc_monitor_batch_model_flush:
 * @self: a batch model
 *
 * Passes on the changes accumulated since the last flush, as one
 * items-changed. Called by itself once per main-loop iteration.
 */
void
disc_monitor_batch_model_flush (DiscMonitorBatchModel *self)
{
  guint old_n, new_n, removed, added;
  GSequenceIter *begin, *end;

  g_return_if_fail (DISC_IS_MONITOR_BATCH_MODEL (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (!self->dirty)
    return;
  self->dirty = FALSE;

  old_n = g_sequence_get_length (self->items);
  new_n = g_list_model_get_n_items (self->source);
  /* head and tail may overlap when the changes cancelled out */
  self->head = MIN (self->head, MIN (old_n, new_n));
  self->tail = MIN (self->tail, MIN (old_n, new_n) - self->head);
  removed = old_n - self->head - self->tail;
  added = new_n - self->head - self->tail;

  begin = g_sequence_get_iter_at_pos (self->items, self->head);
  end = g_sequence_get_iter_at_pos (self->items, self->head + removed);
  g_sequence_remove_range (begin, end);
  for (guint i = 0; i < added; i++)
    g_sequence_insert_before (end, g_list_model_get_item (self->source, self->head + i));

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), self->head, removed, added);
}

static gboolean
on_flush (gpointer user_data)
{
  DiscMonitorBatchModel *self = user_data;

  self->flush_id = 0;
  disc_monitor_batch_model_flush (self);
  return G_SOURCE_REMOVE;
}

static void
on_source_items_changed (GListModel            *source,
                         guint                  position,
                         guint                  removed,
                         guint                  added,
                         DiscMonitorBatchModel *self)
{
  guint n = g_list_model_get_n_items (source);

  if (!self->dirty)
    {
      self->dirty = TRUE;
      self->head = G_MAXUINT;
      self->tail = G_MAXUINT;
    }
  self->head = MIN (self->head, position);
  self->tail = MIN (self->tail, n - position - added);

  /* Before GTK lays out the next frame (G_PRIORITY_HIGH_IDLE + 10). */
  if (self->flush_id == 0)
    {
      self->flush_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_flush, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_id),
                                "[disc-monitor] batch model flush");
    }
}

static void
disc_monitor_batch_model_dispose (GObject *object)
{
  DiscMonitorBatchModel *self = DISC_MONITOR_BATCH_MODEL (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->source);
  g_clear_pointer (&self->items, g_sequence_free);

  G_OBJECT_CLASS (disc_monitor_batch_model_parent_class)->dispose (object);
}

static void
disc_monitor_batch_model_class_init (DiscMonitorBatchModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = disc_monitor_batch_model_dispose;
}

static void
disc_monitor_batch_model_init (DiscMonitorBatchModel *self)
{
  self->items = g_sequence_new (g_object_unref);
}

/**
 * disc_monitor_batch_model_new:
 * @source: the model to follow
 *
 * Returns: (transfer full): a model that shows @source and passes on its
 *   changes once per main-loop iteration
 */
DiscMonitorBatchModel *
disc_monitor_batch_model_new (GListModel *source)
{
  DiscMonitorBatchModel *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_BATCH_MODEL, NULL);
  self->source = g_object_ref (source);
  n = g_list_model_get_n_items (source);
  for (guint i = 0; i < n; i++)
    g_sequence_append (self->items, g_list_model_get_item (source, i));
  self->source_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->source_signals, "items-changed",
                          G_CALLBACK (on_source_items_changed), self);
  g_signal_group_set_target (self->source_signals, source);
  return self;
}
