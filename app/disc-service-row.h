/* disc-service-row.h: a service, or one of its candidates, in the services tree
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DISC_TYPE_SERVICE_ROW (disc_service_row_get_type ())

G_DECLARE_FINAL_TYPE (DiscServiceRow, disc_service_row, DISC, SERVICE_ROW, GtkWidget)

void disc_service_row_set_list_row (DiscServiceRow *self,
                                    GtkTreeListRow *list_row);

G_END_DECLS
