/* disc-monitor-node-mirror.c: follow a GListModel of DiscNode item by item
 *
 * items-changed says where items went, not which: the mirror keeps its own
 * copy of the list in a GSequence (O(log n) by position), so that models
 * built on top (masters, service groups) learn exactly which node came or
 * went, and never rescan the whole list. While a node is in the list the
 * mirror also follows the notifications its owner asked for, and drops
 * them with the node's entry: the one place the monitor disconnects
 * handlers by hand. A GSignalGroup per node, as the views use for the one
 * object they follow, costs about ten times a plain connection to make
 * and to drop, and thousands of nodes come and go in one burst.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-node-mirror"

#include "config.h"

#include "disc-monitor-node-mirror.h"

struct _DiscMonitorNodeMirror
{
  GListModel                *model;
  GSignalGroup              *model_signals;
  GSequence                 *items;     /* of Entry, in the model's order */
  char                     **notify;
  guint                      n_notify;
  DiscMonitorNodeMirrorFunc  added;
  DiscMonitorNodeMirrorFunc  changed;
  DiscMonitorNodeMirrorFunc  removed;
  gpointer                   user_data;
};

typedef struct
{
  DiscNode *node;
  gulong    handlers[];   /* one per signal in notify, 0 once dropped */
} Entry;

static void
entry_unfollow (Entry *entry,
                guint  n_handlers)
{
  for (guint i = 0; i < n_handlers; i++)
    g_clear_signal_handler (&entry->handlers[i], entry->node);
}

static void
on_node_notify (DiscNode              *node,
                GParamSpec            *pspec,
                DiscMonitorNodeMirror *self)
{
  self->changed (node, self->user_data);
}

static Entry *
entry_new (DiscMonitorNodeMirror *self,
           DiscNode              *node)
{
  Entry *entry = g_malloc0 (sizeof (Entry) + self->n_notify * sizeof (gulong));

  entry->node = g_object_ref (node);
  for (guint i = 0; i < self->n_notify; i++)
    entry->handlers[i] = g_signal_connect (node, self->notify[i], G_CALLBACK (on_node_notify), self);
  return entry;
}

static void
entry_free (DiscMonitorNodeMirror *self,
            Entry                 *entry)
{
  entry_unfollow (entry, self->n_notify);
  g_object_unref (entry->node);
  g_free (entry);
}

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
      Entry *entry = g_sequence_get (iter);
      g_autoptr(DiscNode) node = g_object_ref (entry->node);

      g_sequence_remove (iter);
      entry_free (self, entry);
      self->removed (node, self->user_data);
      iter = next;
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(DiscNode) node = g_list_model_get_item (model, position + i);

      g_sequence_insert_before (iter, entry_new (self, node));
      self->added (node, self->user_data);
    }
}

/*
 * _disc_monitor_node_mirror_new:
 * @model: a list model of DiscNode
 * @notify: (array zero-terminated=1): detailed signals to follow on each
 *   node while it is in @model, such as "notify::is-master"
 * @added: called for each node now in @model, and each node added later
 * @changed: called when one of @notify is emitted on a node of @model
 * @removed: called for each node removed later, and for each node left
 *   when the mirror is freed
 *
 * Returns: (transfer full): a mirror to free with _disc_monitor_node_mirror_free()
 */
DiscMonitorNodeMirror *
_disc_monitor_node_mirror_new (GListModel                *model,
                               const char * const        *notify,
                               DiscMonitorNodeMirrorFunc  added,
                               DiscMonitorNodeMirrorFunc  changed,
                               DiscMonitorNodeMirrorFunc  removed,
                               gpointer                   user_data)
{
  DiscMonitorNodeMirror *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (notify != NULL, NULL);
  g_return_val_if_fail (added != NULL && changed != NULL && removed != NULL, NULL);

  self = g_new0 (DiscMonitorNodeMirror, 1);
  self->model = g_object_ref (model);
  self->items = g_sequence_new (NULL);   /* entries are freed with the mirror at hand */
  self->notify = g_strdupv ((char **) notify);
  self->n_notify = g_strv_length (self->notify);
  self->added = added;
  self->changed = changed;
  self->removed = removed;
  self->user_data = user_data;
  self->model_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->model_signals, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_group_set_target (self->model_signals, model);
  on_items_changed (model, 0, 0, g_list_model_get_n_items (model), self);
  return self;
}

void
_disc_monitor_node_mirror_free (DiscMonitorNodeMirror *self)
{
  GSequenceIter *iter;

  if (self == NULL)
    return;

  g_clear_object (&self->model_signals);
  for (iter = g_sequence_get_begin_iter (self->items);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);

      /* Nothing followed may call back into an owner being torn down. */
      entry_unfollow (entry, self->n_notify);
      self->removed (entry->node, self->user_data);
      entry_free (self, entry);
    }
  g_clear_pointer (&self->items, g_sequence_free);
  g_clear_pointer (&self->notify, g_strfreev);
  g_clear_object (&self->model);
  g_free (self);
}
