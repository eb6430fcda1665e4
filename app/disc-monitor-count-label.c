/* disc-monitor-count-label.c: a label that counts a list model's items, a few times a second
 *
 * A view's "12 of 5000 nodes shown": how many items its filtered model
 * shows, of how many its source holds. A burst of thousands of items
 * coming or going would set the text (and lay the label out again) once
 * per item; the count is set at most a few times a second instead.
 *
 * Both models are followed: an item the filter hides still changes the
 * total.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-count-label"

#include "config.h"

#include "disc-monitor-count-label.h"
#include "disc-monitor-label-refresh.h"

#define COUNT_INTERVAL_MS 250

struct _DiscMonitorCountLabel
{
  GObject                parent_instance;

  GtkLabel              *label;
  DiscMonitorCountFormat format;
  GListModel            *shown;
  GListModel            *total;
  GSignalGroup          *shown_signals;
  GSignalGroup          *total_signals;
  guint                  timeout_id;
};

G_DEFINE_FINAL_TYPE (DiscMonitorCountLabel, disc_monitor_count_label, G_TYPE_OBJECT)

static void
update (DiscMonitorCountLabel *self)
{
  guint shown, total;
  g_autofree char *text = NULL;

  /* No model (yet): the label keeps what it says. */
  if (self->shown == NULL)
    return;
  shown = g_list_model_get_n_items (self->shown);
  total = self->total ? g_list_model_get_n_items (self->total) : 0;
  text = self->format (shown, total);
  gtk_label_set_text (self->label, text);
}

static gboolean
on_timeout (gpointer user_data)
{
  DiscMonitorCountLabel *self = user_data;

  self->timeout_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
on_items_changed (GListModel            *model,
                  guint                  position,
                  guint                  removed,
                  guint                  added,
                  DiscMonitorCountLabel *self)
{
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (COUNT_INTERVAL_MS, on_timeout, self);
}

static void
disc_monitor_count_label_dispose (GObject *object)
{
  DiscMonitorCountLabel *self = DISC_MONITOR_COUNT_LABEL (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->shown_signals);
  g_clear_object (&self->total_signals);
  g_clear_object (&self->shown);
  g_clear_object (&self->total);
  g_clear_object (&self->label);

  G_OBJECT_CLASS (disc_monitor_count_label_parent_class)->dispose (object);
}

static void
disc_monitor_count_label_class_init (DiscMonitorCountLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = disc_monitor_count_label_dispose;
}

static void
disc_monitor_count_label_init (DiscMonitorCountLabel *self)
{
  self->shown_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->shown_signals, "items-changed", G_CALLBACK (on_items_changed), self);
  self->total_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect (self->total_signals, "items-changed", G_CALLBACK (on_items_changed), self);
}

/**
 * disc_monitor_count_label_new:
 * @label: the label to set
 * @format: says the counts in words
 *
 * Makes @label show the counts of the models given to
 * disc_monitor_count_label_set_models(), at most every 250 ms. Also
 * sets @label's text again when it is shown, for the accessibility bus
 * (see disc_monitor_label_refresh_on_map()).
 *
 * Returns: (transfer full): a count label, which keeps a reference on @label
 */
DiscMonitorCountLabel *
disc_monitor_count_label_new (GtkLabel              *label,
                              DiscMonitorCountFormat format)
{
  DiscMonitorCountLabel *self;

  g_return_val_if_fail (GTK_IS_LABEL (label), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  self = g_object_new (DISC_TYPE_MONITOR_COUNT_LABEL, NULL);
  self->label = g_object_ref (label);
  self->format = format;
  disc_monitor_label_refresh_on_map (label);
  return self;
}

/**
 * disc_monitor_count_label_set_models:
 * @self: a count label
 * @shown: (nullable): the model whose items are shown, or %NULL
 * @total: (nullable): the model that holds them all, or %NULL (none)
 *
 * Counts @shown of @total from now on, and sets the label's text at
 * once. With @shown %NULL, the label keeps its text.
 */
void
disc_monitor_count_label_set_models (DiscMonitorCountLabel *self,
                                     GListModel            *shown,
                                     GListModel            *total)
{
  g_return_if_fail (DISC_IS_MONITOR_COUNT_LABEL (self));
  g_return_if_fail (shown == NULL || G_IS_LIST_MODEL (shown));
  g_return_if_fail (total == NULL || G_IS_LIST_MODEL (total));

  g_set_object (&self->shown, shown);
  g_set_object (&self->total, total);
  g_signal_group_set_target (self->shown_signals, shown);
  g_signal_group_set_target (self->total_signals, total);
  update (self);
}
