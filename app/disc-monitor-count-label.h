/* disc-monitor-count-label.h: a label that counts a list model's items, a few times a second
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DiscMonitorCountFormat:
 * @shown: how many items the view shows
 * @total: how many items there are, @shown included
 *
 * Says the counts in words, translated.
 *
 * Returns: (transfer full): the label's text
 */
typedef char *(*DiscMonitorCountFormat) (guint shown,
                                         guint total);

#define DISC_TYPE_MONITOR_COUNT_LABEL (disc_monitor_count_label_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorCountLabel, disc_monitor_count_label, DISC, MONITOR_COUNT_LABEL, GObject)

DiscMonitorCountLabel *disc_monitor_count_label_new        (GtkLabel              *label,
                                                            DiscMonitorCountFormat format);
void                   disc_monitor_count_label_set_models (DiscMonitorCountLabel *self,
                                                            GListModel            *shown,
                                                            GListModel            *total);

G_END_DECLS
