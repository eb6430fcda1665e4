/* disc-monitor-field-error.h: mark an input field as wrong, for eyes and screen readers
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void disc_monitor_field_set_error (GtkWidget  *field,
                                   const char *message);

G_END_DECLS
