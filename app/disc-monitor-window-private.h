/* disc-monitor-window-private.h: what the window's actions reach into
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-monitor-channel-console.h"
#include "disc-monitor-diagnosis.h"
#include "disc-monitor-event-list.h"
#include "disc-monitor-event-log.h"
#include "disc-monitor-window.h"
#include "disc-monitor-nodes-view.h"
#include "disc-monitor-services-view.h"
#include "disc-monitor-remote-lans-view.h"

G_BEGIN_DECLS

struct _DiscMonitorWindow
{
  GtkApplicationWindow       parent_instance;

  DiscMonitorSession        *session;
  GSettings                 *settings;
  guint                      banner_timeout_id;
  guint                      status_timeout_id;
  char                      *pending_status;
  gint64                     pending_status_time_us;
  DiscMonitorEventList      *events;
  DiscMonitorDiagnosis      *diagnosis;
  gboolean                   joined_eligible;   /* what Demote returns the monitor to */
  GBindingGroup             *session_bindings;
  GSignalGroup              *session_signals;
  GSignalGroup              *masters_signals;
  GSignalGroup              *me_signals;
  GSignalGroup              *discovery_signals;
  GSignalGroup              *selected_signals;   /* the selected row's node */
  char                      *own_tooltips[3];    /* promote, demote, demote permanently */

  /* template children */
  GtkLabel                  *subtitle_label;
  GtkRevealer               *error_revealer;
  GtkLabel                  *error_label;
  GtkLabel                  *master_label;
  GtkLabel                  *self_label;
  GtkRevealer               *diagnosis_revealer;
  GtkWidget                 *diagnosis_bar;
  GtkImage                  *diagnosis_icon;
  GtkLabel                  *diagnosis_label;
  GtkButton                 *demote_button;
  DiscMonitorEventLog       *event_log;
  GtkRevealer               *banner_revealer;
  GtkLabel                  *banner_label;
  GtkStack                  *stack;
  DiscMonitorNodesView      *nodes_view;
  DiscMonitorServicesView   *services_view;
  DiscMonitorChannelConsole *channel_console;
  DiscMonitorRemoteLansView *remote_lans_view;
  GtkLabel                  *status_label;
  GtkButton                 *promote_button;
  GtkButton                 *demote_permanently_button;
};

void _disc_monitor_window_actions_init  (DiscMonitorWindow *self);
void _disc_monitor_window_actions_dispose (DiscMonitorWindow *self);
void _disc_monitor_window_update_actions (DiscMonitorWindow *self);
void _disc_monitor_window_show_banner   (DiscMonitorWindow *self,
                                         const char        *text);
void _disc_monitor_window_set_status    (DiscMonitorWindow *self,
                                         const char        *event);

G_END_DECLS
