/* disc-membership.h: the node table and master election (private)
 *
 * No sockets, no timers, no clock of its own: every call takes the time,
 * so tests can step a fake clock.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-drop-reason.h"
#include "disc-hello.h"
#include "disc-node-private.h"
#include "disc-node-store.h"
#include "disc-options.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 check_interval_ms;
  gint64 node_timeout_ms;
  gint64 master_timeout_ms;
  guint  masters_required;
  guint  max_nodes;
  gboolean observer;  /* listen-only: never elected, since nobody hears it */
} DiscMembershipConfig;

DiscMembershipConfig disc_membership_config_from_options (const DiscOptions *options);

typedef enum {
  DISC_MEMBERSHIP_ADDED,
  DISC_MEMBERSHIP_REMOVED,
  DISC_MEMBERSHIP_MASTER,
  DISC_MEMBERSHIP_HELLO,
  DISC_MEMBERSHIP_PROMOTION,
  DISC_MEMBERSHIP_DEMOTION,
} DiscMembershipEvent;

typedef struct
{
  /* A node joined, left, became master, said hello; or this instance was
   * promoted or demoted (then @node is "me"). */
  void (*event)    (DiscMembershipEvent  event,
                    DiscNode            *node,
                    gpointer             user_data);
  /* This instance's own state changed: peers should hear a hello now. */
  void (*announce) (gpointer             user_data);
} DiscMembershipCallbacks;

typedef struct _DiscMembership DiscMembership;

DiscMembership *disc_membership_new        (const DiscMembershipConfig    *config,
                                            DiscNode                      *me,
                                            const DiscMembershipCallbacks *callbacks,
                                            gpointer                       user_data);
void            disc_membership_free       (DiscMembership  *self);
void            disc_membership_set_config (DiscMembership  *self,
                                            const DiscMembershipConfig *config);
void            disc_membership_reset      (DiscMembership  *self);
void            disc_membership_start      (DiscMembership  *self,
                                            gint64           now_ms);
gboolean        disc_membership_handle_hello (DiscMembership  *self,
                                            const char      *iid,
                                            const char      *pid,
                                            const char      *host_name,
                                            const char      *address,
                                            guint            port,
                                            const DiscHello *hello,
                                            gint64           now_ms,
                                            gint64           wall_ms);
gboolean        disc_membership_handle_hello_for (DiscMembership  *self,
                                            DiscNode        *node,
                                            const char      *iid,
                                            const char      *pid,
                                            const char      *host_name,
                                            const char      *address,
                                            guint            port,
                                            const DiscHello *hello,
                                            gint64           now_ms,
                                            gint64           wall_ms,
                                            guint64         *serial);
void            disc_membership_refresh    (DiscMembership  *self,
                                            DiscNode        *node,
                                            gint64           now_ms,
                                            gint64           wall_ms);
gboolean        disc_membership_handle_goodbye (DiscMembership *self,
                                            const char      *iid,
                                            gint64           now_ms);
void            disc_membership_check      (DiscMembership  *self,
                                            gint64           now_ms);
gboolean        disc_membership_check_some (DiscMembership  *self,
                                            gint64           now_ms,
                                            guint            max_removals);
void            disc_membership_promote    (DiscMembership  *self,
                                            gint64           wall_ms);
void            disc_membership_demote     (DiscMembership  *self,
                                            gboolean         permanent,
                                            gint64           now_ms);
void            disc_membership_set_eligible (DiscMembership *self,
                                            gboolean         eligible);
gboolean        disc_membership_is_yielding (DiscMembership *self);
void            disc_membership_fill_hello (DiscMembership  *self,
                                            DiscHello       *hello);
void            disc_membership_clear      (DiscMembership  *self);
DiscNode       *disc_membership_lookup     (DiscMembership  *self,
                                            const char      *iid);
guint           disc_membership_get_n_nodes (DiscMembership *self);
guint           disc_membership_count_masters (DiscMembership *self);
DiscNodeStore  *disc_membership_get_store  (DiscMembership  *self);

G_END_DECLS
