/* disc-monitor-service-search.h: the services tree's search, kept live
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gtk/gtk.h>

#include "disc-monitor-service-group-model.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SERVICE_SEARCH (disc_monitor_service_search_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorServiceSearch, disc_monitor_service_search, DISC, MONITOR_SERVICE_SEARCH, GObject)

DiscMonitorServiceSearch *disc_monitor_service_search_new                  (void);
void                      disc_monitor_service_search_set_text             (DiscMonitorServiceSearch     *self,
                                                                            const char                   *text);
void                      disc_monitor_service_search_set_services         (DiscMonitorServiceSearch     *self,
                                                                            DiscMonitorServiceGroupModel *services);
GtkFilter                *disc_monitor_service_search_get_group_filter     (DiscMonitorServiceSearch     *self);
GtkFilter                *disc_monitor_service_search_get_candidate_filter (DiscMonitorServiceSearch     *self);

G_END_DECLS
