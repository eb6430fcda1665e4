/* disc-node-private.h: what the library core may change on a DiscNode
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-node.h"

G_BEGIN_DECLS

struct _DiscNode
{
  GObject        parent_instance;

  char          *id;
  char          *process_id;
  char          *host_name;
  char          *address;
  guint          port;
  gboolean       is_master;
  gboolean       is_master_eligible;
  gboolean       accepts_control;
  double         weight;
  JsonNode      *info;
  gint64         last_seen;
  DiscLeaveReason leave_reason;

  /* Bookkeeping of the membership core, never shown. */
  gint64         last_seen_mono_ms;
  gint64         promoted_at;
  guint64        hello_serial;    /* which full hello set these fields (core/disc-hello-cache.c) */
  GList          expiry_link;     /* in the membership's expiry queue */
  GSequenceIter *store_iter;      /* position in the node list model */
};

void      _disc_node_set_leave_reason  (DiscNode        *self,
                                        DiscLeaveReason  reason);
DiscNode *_disc_node_new               (const char *id,
                                        const char *process_id);
void      _disc_node_set_host_name     (DiscNode   *self,
                                        const char *host_name);
void      _disc_node_set_address       (DiscNode   *self,
                                        const char *address);
void      _disc_node_set_port          (DiscNode   *self,
                                        guint       port);
void      _disc_node_set_is_master     (DiscNode   *self,
                                        gboolean    is_master);
void      _disc_node_set_is_master_eligible (DiscNode *self,
                                        gboolean    eligible);
void      _disc_node_set_accepts_control (DiscNode *self,
                                        gboolean    accepts);
void      _disc_node_set_weight        (DiscNode   *self,
                                        double      weight);
void      _disc_node_set_info          (DiscNode   *self,
                                        JsonNode   *info);
void      _disc_node_set_last_seen     (DiscNode   *self,
                                        gint64      wall_ms);

G_END_DECLS
