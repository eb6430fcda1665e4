/* disc-monitor-label-refresh.c: labels that tell the accessibility bus their text when shown
 *
 * GTK 4.8 does not pass the text changes of a label on a hidden page (a
 * count in a tab not shown) to the accessibility bus, so a screen reader
 * or a test would read the text the label had when it was last shown.
 * Setting the text again once the label is mapped passes it on.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-label-refresh"

#include "config.h"

#include "disc-monitor-label-refresh.h"

static void
on_map (GtkLabel *label,
        gpointer  user_data)
{
  g_autofree char *text = g_strdup (gtk_label_get_text (label));

  gtk_label_set_text (label, "");
  gtk_label_set_text (label, text);
}

/**
 * disc_monitor_label_refresh_on_map:
 * @label: a label whose text changes while it may be hidden
 *
 * Sets @label's text again each time it is shown, for GTK 4.8's
 * accessibility bus.
 */
void
disc_monitor_label_refresh_on_map (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  g_signal_connect (label, "map", G_CALLBACK (on_map), NULL);
}
