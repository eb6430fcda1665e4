/* disc-service-registry.h: who offers which service, and are we ready (private)
 *
 * The bookkeeping of DiscServiceDiscovery with no sockets, no main loop and
 * no signals: events come in by function call (a node appeared, its info
 * changed, it left; a setup hook completed) and go out through callbacks,
 * so the unit tests drive it directly.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-node-private.h"

G_BEGIN_DECLS

typedef struct _DiscServiceRegistry DiscServiceRegistry;

/* Where a node stands in the service it advertises. */
typedef enum {
  DISC_CANDIDATE_NONE,      /* not a candidate: unknown, or no service name */
  DISC_CANDIDATE_WAITING,   /* queued behind another candidate's setup */
  DISC_CANDIDATE_SETTING_UP,/* one of its setup hooks is running */
  DISC_CANDIDATE_ACTIVE,    /* every setup hook succeeded */
  DISC_CANDIDATE_FAILED,    /* a setup hook failed; stays so until it leaves */
} DiscCandidateState;

typedef struct
{
  /* @name became needed, at @position in the order of need(). */
  void (*needed)      (const char *name,
                       guint       position,
                       gpointer    user_data);
  /* @node passed every setup hook of @name and is now one of its active
   * candidates; @n_active counts it. */
  void (*activated)   (const char *name,
                       DiscNode   *node,
                       guint       n_active,
                       gpointer    user_data);
  /* @node is no longer an active candidate of @name (it left, changed
   * name, or a hook added later failed for it). */
  void (*deactivated) (const char *name,
                       DiscNode   *node,
                       guint       n_active,
                       gpointer    user_data);
  /* Start setup hook @hook of @name for @node. Finish it, now or later,
   * with disc_service_registry_complete (@call_id). */
  void (*run_hook)    (const char *name,
                       DiscNode   *node,
                       gpointer    hook,
                       guint64     call_id,
                       gpointer    user_data);
  /* The candidate of a running call went away: @call_id will not be
   * waited for, and completing it does nothing. */
  void (*cancel_hook) (guint64     call_id,
                       gpointer    user_data);
  /* A setup hook failed: @node will not be an active candidate of @name. */
  void (*hook_failed) (const char   *name,
                       DiscNode     *node,
                       const GError *error,
                       gpointer      user_data);
  /* Every needed service has an active candidate, which was not so before. */
  void (*ready)       (gpointer    user_data);
  /* The needed service @name has no active candidate any more (or was
   * needed while it had none, and all others were there). */
  void (*notready)    (const char *name,
                       gpointer    user_data);
} DiscServiceRegistryCallbacks;

const char          *disc_service_registry_name_of     (JsonNode   *info);

DiscServiceRegistry *disc_service_registry_new         (const DiscServiceRegistryCallbacks *callbacks,
                                                        GDestroyNotify                      hook_destroy,
                                                        gpointer                            user_data);
void                 disc_service_registry_free        (DiscServiceRegistry *self);

gboolean             disc_service_registry_need        (DiscServiceRegistry *self,
                                                        const char          *name);
void                 disc_service_registry_add_hook    (DiscServiceRegistry *self,
                                                        const char          *name,
                                                        gpointer             hook);

void                 disc_service_registry_node_changed (DiscServiceRegistry *self,
                                                        DiscNode            *node);
void                 disc_service_registry_node_removed (DiscServiceRegistry *self,
                                                        DiscNode            *node);
gboolean             disc_service_registry_complete    (DiscServiceRegistry *self,
                                                        guint64              call_id,
                                                        const GError        *error);

gboolean             disc_service_registry_is_ready    (DiscServiceRegistry *self);
gboolean             disc_service_registry_is_needed   (DiscServiceRegistry *self,
                                                        const char          *name);
guint                disc_service_registry_get_n_needed (DiscServiceRegistry *self);
guint                disc_service_registry_get_n_active (DiscServiceRegistry *self,
                                                        const char          *name);
DiscCandidateState   disc_service_registry_get_state   (DiscServiceRegistry *self,
                                                        DiscNode            *node);
const char          *disc_service_registry_get_service_of (DiscServiceRegistry *self,
                                                        DiscNode            *node);

G_END_DECLS
