/* disc-monitor-application-private.h: shared by the application's files
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-monitor-application.h"

G_BEGIN_DECLS

struct _DiscMonitorApplication
{
  GtkApplication      parent_instance;

  GSettings          *settings;
  GVariantDict       *overrides;      /* settings keys set on the command line */
  char               *key;            /* the passphrase, in memory only */
  char               *algorithm;
  DiscMonitorSession *session;
  char               *etcd;           /* --etcd ENDPOINTS, or NULL */
  char               *cluster;        /* --cluster NAME */
  GObject            *remote_lans;    /* a DiscMonitorRemoteLansModel, with --etcd */
  gboolean            options_parsed; /* handle_local_options() was reached */
  guint               keyring_timeout_id;
  GCancellable       *keyring_cancellable;
};

void _disc_monitor_application_actions_init (DiscMonitorApplication *self);

G_END_DECLS
