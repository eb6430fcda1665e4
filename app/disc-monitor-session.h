/* disc-monitor-session.h: the monitor's own node and what it sees
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>
#include <disc.h>

#include "disc-monitor-service-group-model.h"

G_BEGIN_DECLS

#define DISC_TYPE_MONITOR_SESSION (disc_monitor_session_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorSession, disc_monitor_session, DISC, MONITOR_SESSION, GObject)

DiscMonitorSession *disc_monitor_session_new                 (GSettings          *settings,
                                                              GVariantDict       *overrides,
                                                              const char         *key,
                                                              const char         *algorithm);
gboolean            disc_monitor_session_start               (DiscMonitorSession *self,
                                                              GError            **error);
void                disc_monitor_session_stop                (DiscMonitorSession *self);
void                disc_monitor_session_queue_restart       (DiscMonitorSession *self);
DiscDiscovery      *disc_monitor_session_get_discovery       (DiscMonitorSession *self);
DiscNode           *disc_monitor_session_get_me              (DiscMonitorSession *self);
GListModel         *disc_monitor_session_get_nodes           (DiscMonitorSession *self);
GListModel         *disc_monitor_session_get_masters         (DiscMonitorSession *self);
DiscMonitorServiceGroupModel *disc_monitor_session_get_services (DiscMonitorSession *self);
const char         *disc_monitor_session_get_error           (DiscMonitorSession *self);
gboolean            disc_monitor_session_get_encrypted       (DiscMonitorSession *self);
gboolean            disc_monitor_session_get_overridden      (DiscMonitorSession *self);
void                disc_monitor_session_set_key             (DiscMonitorSession *self,
                                                              const char         *key);
gboolean            disc_monitor_session_get_key_from_command_line (DiscMonitorSession *self);
void                disc_monitor_session_configure_security (DiscMonitorSession *self,
                                                             DiscDiscovery      *discovery,
                                                             GSettings          *settings);
gboolean            disc_monitor_node_is_self                (DiscNode           *node);

void                disc_monitor_session_configure_discovery (DiscDiscovery      *discovery,
                                                              GSettings          *settings,
                                                              GVariantDict       *overrides);
gboolean            disc_monitor_overrides_network           (GVariantDict       *overrides);
char              **disc_monitor_dialect_nicks               (void);

G_END_DECLS
