/* disc-remote-control.h: remote control of a DiscDiscovery (private)
 *
 * A plain struct the DiscDiscovery owns and hands its disc-control
 * envelopes to: it answers requests (applying them through the owner's
 * own promote()/demote() path) and runs this node's requests to others
 * with their retries, timeouts and GTasks. It reaches the owner only
 * through the callbacks, so it knows nothing of sockets.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

#include "disc-control-action.h"
#include "core/disc-envelope.h"

G_BEGIN_DECLS

typedef struct
{
  /* Sends one disc-control envelope with @data to every destination. */
  gboolean (*send)  (JsonNode          *data,
                     gpointer           user_data,
                     GError           **error);
  /* A new request addressed to this node, before it is applied (if
   * @accepted): the audit trail, ::control-request. */
  void     (*audit) (const char        *sender_id,
                     const char        *sender_address,
                     DiscControlAction  action,
                     gboolean           accepted,
                     gpointer           user_data);
  /* Applies an accepted request as the owner's own calls would. */
  void     (*apply) (DiscControlAction  action,
                     gpointer           user_data);
} DiscRemoteControlCallbacks;

/* What the owner is when a request comes. */
typedef struct
{
  const char *my_id;
  gboolean    authenticated;    /* aes-256-gcm */
  gboolean    opted_in;         /* remote-control */
  gboolean    listen_only;
  gboolean    eligible;         /* master-eligible now */
} DiscRemoteControlContext;

typedef struct _DiscRemoteControl DiscRemoteControl;

DiscRemoteControl *disc_remote_control_new     (const DiscRemoteControlCallbacks *callbacks,
                                                gpointer                          user_data);
void               disc_remote_control_free    (DiscRemoteControl              *self);
gboolean           disc_remote_control_receive (DiscRemoteControl              *self,
                                                const DiscEnvelope             *envelope,
                                                const char                     *sender_address,
                                                const DiscRemoteControlContext *context);
void               disc_remote_control_call    (DiscRemoteControl              *self,
                                                GTask                          *task,
                                                const char                     *target,
                                                DiscControlAction               action,
                                                guint                           timeout_ms);
void               disc_remote_control_stop    (DiscRemoteControl              *self);
void               disc_remote_control_forget_remote_demotion (DiscRemoteControl *self);
guint64            disc_remote_control_get_applied (DiscRemoteControl          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscRemoteControl, disc_remote_control_free)

G_END_DECLS
