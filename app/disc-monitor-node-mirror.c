/* disc-monitor-node-mirror.c: follow a GListModel of DiscNode item by item
 *
 * items-changed says where items went, not which: the mirror keeps its own
 * copy of the list in a GSequence (O(log n) by position), so that models
 * built on top (masters, service groups) learn exactly which node came or
 * went, and never rescan the whole list.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-node-mirror"

#include "config.h"

#include "disc-monitor-node-mirror.h"

struct _DiscMonitorNodeMirror
{
  GListModel         *model;
  GSequence          *items;
  gulong              items_changed_id;
  DiscMonitorNodeMirrorFunc  added;
  DiscMonitorNodeMirrorFunc  removed;
  gpointer            user_data;
};

static void
on_items_changed (GListModel            *model,
                  guint                  position,
                  guint                  removed,
                  guint                  added,
                  DiscMonitorNodeMirror *self)
{
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->items, position);

  for (guint i = 0; i < removed && !g_sequence_iter_is_end (iter); i++)
    {
      GSequenceIter *next = g_sequence_iter_next (iter);
      g_autoptr(DiscNode) node = g_object_ref (g_sequence_get (iter));

      g_sequence_remove (iter);
      self->removed (node, self->user_data);
      iter = next;
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (model, position + i);

      g_sequence_insert_before (iter, g_object_ref (node));
      self->added (node, self->user_data);
    }
}

/*
 * _disc_monitor_node_mirror_new:
 * @model: a list model of DiscNode
 * @added: called for each node now in @model, and each node added later
 * @removed: called for each node removed later, and for each node left
 *   when the mirror is freed
 *
 * Returns: (transfer full): a mirror to free with _disc_monitor_node_mirror_free()
 */
DiscMonitorNodeMirror *
_disc_monitor_node_mirror_new (GListModel               *model,
                               DiscMonitorNodeMirrorFunc added,
                               DiscMonitorNodeMirrorFunc removed,
                               gpointer                  user_data)
{
  DiscMonitorNodeMirror *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (added != NULL && removed != NULL, NULL);

  self = g_new0 (DiscMonitorNodeMirror, 1);
  self->model = g_object_ref (model);
  self->items = g_sequence_new (g_object_unref);
  self->added = added;
  self->removed = removed;
  self->user_data = user_data;
  self->items_changed_id = g_signal_connect (model, "items-changed",
                                             G_CALLBACK (on_items_changed), self);
  on_items_changed (model, 0, 0, g_list_model_get_n_items (model), self);
  return self;
}

void
_disc_monitor_node_mirror_free (DiscMonitorNodeMirror *self)
{
  GSequenceIter *iter;

  if (self == NULL)
    return;

  g_clear_signal_handler (&self->items_changed_id, self->model);
  for (iter = g_sequence_get_begin_iter (self->items);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    self->removed (g_sequence_get (iter), self->user_data);
  g_clear_pointer (&self->items, g_sequence_free);
  g_clear_object (&self->model);
  g_free (self);
}
