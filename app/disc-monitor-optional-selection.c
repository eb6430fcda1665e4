/* disc-monitor-optional-selection.c: a single selection that may be empty
 *
 * The monitor's tables show details of the selected row, or a hint when
 * none is: a row is selected only when the user picks one, and clicking
 * it again clears the selection.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-optional-selection"

#include "config.h"

#include "disc-monitor-optional-selection.h"

/**
 * disc_monitor_optional_selection_new:
 * @model: (transfer full) (nullable): the model to select from
 *
 * Returns: (transfer full): a selection of @model that starts empty
 *   (no autoselect) and that the user may clear
 */
GtkSingleSelection *
disc_monitor_optional_selection_new (GListModel *model)
{
  GtkSingleSelection *selection = gtk_single_selection_new (model);

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  return selection;
}
