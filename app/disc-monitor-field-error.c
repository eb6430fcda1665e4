/* disc-monitor-field-error.c: mark an input field as wrong, for eyes and screen readers
 *
 * The theme's "error" style shows it; the accessible invalid state and
 * description tell a screen reader (and the AT-SPI tests) which field is
 * wrong and why. The message itself is shown in a label by the caller.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-field-error"

#include "config.h"

#include "disc-monitor-field-error.h"

/**
 * disc_monitor_field_set_error:
 * @field: an entry, spin button or drop-down
 * @message: (nullable): what is wrong with @field, or %NULL when nothing is
 *
 * Marks @field as wrong, or clears the mark.
 */
void
disc_monitor_field_set_error (GtkWidget  *field,
                              const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}
