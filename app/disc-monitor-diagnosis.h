/* disc-monitor-diagnosis.h: one line saying what is wrong, if anything
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

#include "disc-monitor-session.h"

G_BEGIN_DECLS

/**
 * DiscMonitorDiagnosisLevel:
 * @DISC_MONITOR_DIAGNOSIS_NONE: nothing to say
 * @DISC_MONITOR_DIAGNOSIS_INFO: worth knowing, not a fault
 * @DISC_MONITOR_DIAGNOSIS_WARNING: the cluster is not as it should be
 * @DISC_MONITOR_DIAGNOSIS_ERROR: the monitor cannot see the cluster
 *
 * How serious the diagnosis is; the window styles the line after it.
 */
typedef enum {
  DISC_MONITOR_DIAGNOSIS_NONE,
  DISC_MONITOR_DIAGNOSIS_INFO,
  DISC_MONITOR_DIAGNOSIS_WARNING,
  DISC_MONITOR_DIAGNOSIS_ERROR,
} DiscMonitorDiagnosisLevel;

#define DISC_TYPE_MONITOR_DIAGNOSIS_LEVEL (disc_monitor_diagnosis_level_get_type ())
GType disc_monitor_diagnosis_level_get_type (void) G_GNUC_CONST;

#define DISC_TYPE_MONITOR_DIAGNOSIS (disc_monitor_diagnosis_get_type ())

G_DECLARE_FINAL_TYPE (DiscMonitorDiagnosis, disc_monitor_diagnosis, DISC, MONITOR_DIAGNOSIS, GObject)

DiscMonitorDiagnosis      *disc_monitor_diagnosis_new               (DiscMonitorSession   *session);
const char                *disc_monitor_diagnosis_get_text          (DiscMonitorDiagnosis *self);
DiscMonitorDiagnosisLevel  disc_monitor_diagnosis_get_level         (DiscMonitorDiagnosis *self);
gboolean                   disc_monitor_diagnosis_get_has_eligible_peer (DiscMonitorDiagnosis *self);
void                       disc_monitor_diagnosis_update            (DiscMonitorDiagnosis *self);
gboolean                   disc_monitor_node_is_stale               (DiscNode             *node,
                                                                     guint                 node_timeout_ms,
                                                                     guint                 master_timeout_ms,
                                                                     gint64                now_ms);

G_END_DECLS
