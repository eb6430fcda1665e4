/* disc-discovery-control.c: DiscDiscovery's side of remote control
 *
 * The protocol lives in core/disc-control.c and the requests in flight in
 * disc-remote-control.c; this file connects them to a DiscDiscovery:
 * sending through its transport, the ::control-request signal, applying a
 * request through the node's own promote()/demote(), and the public
 * control_async()/_finish() pair (doc/protocol.md, section 9).
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-discovery"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "disc-discovery-private.h"
#include "disc-control-error.h"
#include "disc-error.h"
#include "disc-remote-control.h"
#include "core/disc-control.h"

/* Remote control: how DiscRemoteControl reaches us */

static gboolean
on_control_send (JsonNode  *data,
                 gpointer   user_data,
                 GError   **error)
{
  DiscDiscoveryPrivate *priv = _disc_discovery_get_private (DISC_DISCOVERY (user_data));

  if (priv->transport == NULL)
    return g_set_error_literal (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING, "not running"), FALSE;
  return _disc_discovery_send_envelope (DISC_DISCOVERY (user_data), DISC_CONTROL_EVENT, data, error);
}

static void
on_control_audit (const char        *sender_id,
                  const char        *sender_address,
                  DiscControlAction  action,
                  gboolean           accepted,
                  gpointer           user_data)
{
  _disc_discovery_emit_control_request (user_data, sender_id, sender_address, action, accepted);
}

/* Exactly what this process's own calls do, so the election rules stay
 * one code path. */
static void
on_control_apply (DiscControlAction action,
                  gpointer          user_data)
{
  DiscDiscovery *self = user_data;

  switch (action)
    {
    case DISC_CONTROL_ACTION_PROMOTE:
      disc_discovery_promote (self);
      break;
    case DISC_CONTROL_ACTION_DEMOTE:
      disc_discovery_demote (self, FALSE);
      break;
    case DISC_CONTROL_ACTION_DEMOTE_PERMANENT:
      disc_discovery_demote (self, TRUE);
      break;
    case DISC_CONTROL_ACTION_MAKE_ELIGIBLE:
      g_object_set (self, "master-eligible", TRUE, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

static const DiscRemoteControlCallbacks remote_control_callbacks = {
  .send = on_control_send,
  .audit = on_control_audit,
  .apply = on_control_apply,
};

DiscRemoteControl *
_disc_discovery_control_new (DiscDiscovery *self)
{
  return disc_remote_control_new (&remote_control_callbacks, self);
}

/**
 * disc_discovery_control_async:
 * @self: a running discovery with [property@Disc.Discovery:algorithm]
 *   `aes-256-gcm`
 * @node_id: the target's id ([property@Disc.Node:id])
 * @action: what to ask it
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called with the answer
 * @user_data: data for @callback
 *
 * Asks another node to promote or demote itself, or to become eligible
 * again (doc/protocol.md, section 9). The request is sent at once and
 * again every 500 ms, with the same request id so that it is applied only
 * once, until the target answers or 3000 ms pass. Only nodes whose
 * [property@Disc.Node:accepts-control] is %TRUE accept; the others refuse.
 *
 * Cancelling @cancellable stops the retransmissions and the wait; a request
 * already sent may still reach the target and be applied. If @cancellable
 * is cancelled beforehand, nothing is sent.
 *
 * Since: 0.2
 */
void
disc_discovery_control_async (DiscDiscovery       *self,
                              const char          *node_id,
                              DiscControlAction    action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  DiscDiscoveryPrivate *priv;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DISC_IS_DISCOVERY (self));
  g_return_if_fail (node_id != NULL);
  g_return_if_fail (action >= DISC_CONTROL_ACTION_PROMOTE && action <= DISC_CONTROL_ACTION_MAKE_ELIGIBLE);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  priv = _disc_discovery_get_private (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, disc_discovery_control_async);

  /* GIO's rule: an operation cancelled beforehand does nothing. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (priv->transport == NULL)
    g_task_return_new_error (task, DISC_ERROR, DISC_ERROR_NOT_RUNNING,
                             _("cannot send a control request: the discovery is not started"));
  else if (!disc_codec_is_authenticated (priv->codec))
    g_task_return_new_error (task, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_AUTHENTICATED,
                             _("control requests are only sent with the aes-256-gcm algorithm "
                               "and a key"));
  else if (!disc_control_id_is_valid (node_id))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("“%s” is not a node id that can be sent a control request"), node_id);
  else if (strcmp (node_id, disc_node_get_id (priv->me)) == 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("%s is this node: call promote() or demote() instead"), node_id);
  else
    disc_remote_control_call (priv->remote, task, node_id, action, 0);
}

/**
 * disc_discovery_control_finish:
 * @self: a discovery
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Disc.Discovery.control_async].
 *
 * Returns: %TRUE when the target accepted (and applied) the request;
 *   %FALSE with @error set: a refusal or a timeout in the
 *   %DISC_CONTROL_ERROR domain (%DISC_CONTROL_ERROR_NOT_OPTED_IN,
 *   %DISC_CONTROL_ERROR_NOT_ELIGIBLE, %DISC_CONTROL_ERROR_UNKNOWN_REQUEST,
 *   %DISC_CONTROL_ERROR_REFUSED, %DISC_CONTROL_ERROR_TIMEOUT,
 *   %DISC_CONTROL_ERROR_NOT_AUTHENTICATED, %DISC_CONTROL_ERROR_TOO_MANY),
 *   %DISC_ERROR_NOT_RUNNING when not started or stopped before the answer,
 *   %G_IO_ERROR_INVALID_ARGUMENT for an id that is not a peer's, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Since: 0.2
 */
gboolean
disc_discovery_control_finish (DiscDiscovery  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (DISC_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == disc_discovery_control_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

