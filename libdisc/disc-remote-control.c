/* disc-remote-control.c: requests to this node, and this node's requests
 *
 * The decisions, the memory of request ids and the retry schedule are in
 * core/disc-control.c, on an explicit clock; this file adds the main loop
 * (one timer for retries and timeouts), GTask and GCancellable, and the
 * rule that nothing is read or sent without aes-256-gcm.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-remote-control"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "disc-control-error.h"
#include "disc-error.h"
#include "disc-remote-control.h"
#include "core/disc-control.h"

struct _DiscRemoteControl
{
  DiscRemoteControlCallbacks callbacks;
  gpointer                   user_data;
  DiscControl               *control;
  GMainContext              *context;   /* of the requests' tasks */
  GSource                   *timer;     /* nullable: nothing waiting */
};

/* What a waiting request keeps besides its GTask. */
typedef struct
{
  DiscRemoteControl *owner;
  char              *id;
  GSource           *cancel_source;    /* nullable */
} Call;

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static void reschedule (DiscRemoteControl *self);

DiscRemoteControl *
disc_remote_control_new (const DiscRemoteControlCallbacks *callbacks,
                         gpointer                          user_data)
{
  DiscRemoteControl *self = g_new0 (DiscRemoteControl, 1);

  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->control = disc_control_new ();
  return self;
}

void
disc_remote_control_free (DiscRemoteControl *self)
{
  if (self == NULL)
    return;
  disc_remote_control_stop (self);
  disc_control_free (self->control);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static void
call_free (gpointer data)
{
  Call *call = data;

  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_source_unref (call->cancel_source);
    }
  g_free (call->id);
  g_free (call);
}

/* Completes a waiting request; takes @pending. */
static void
complete (DiscControlPending *pending,
          GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->data);

  disc_control_pending_free (pending);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
describe_action (DiscControlAction action)
{
  return disc_control_action_to_wire (action);
}

static GError *
refusal_error (const DiscControlPending *pending,
               const DiscControlMessage *answer)
{
  const char *action = describe_action (pending->action);

  switch (answer->code)
    {
    case DISC_CONTROL_ANSWER_ACCEPTED:
      return NULL;
    case DISC_CONTROL_ANSWER_NOT_OPTED_IN:
      return g_error_new (DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_OPTED_IN,
                          _("node %s refused %s: it does not accept remote control"),
                          pending->target, action);
    case DISC_CONTROL_ANSWER_NOT_ELIGIBLE:
      return g_error_new (DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_ELIGIBLE,
                          _("node %s refused %s: it is not master-eligible (or listens only)"),
                          pending->target, action);
    case DISC_CONTROL_ANSWER_UNKNOWN_REQUEST:
      return g_error_new (DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_UNKNOWN_REQUEST,
                          _("node %s refused %s: it does not know that request"),
                          pending->target, action);
    case DISC_CONTROL_ANSWER_REFUSED_OTHER:
    default:
      return g_error_new (DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_REFUSED,
                          _("node %s refused %s: “%s”"), pending->target, action,
                          answer->reason ? answer->reason : "");
    }
}

static void
send_request (DiscRemoteControl  *self,
              DiscControlPending *pending)
{
  g_autoptr(JsonNode) data = disc_control_build_request (pending->id, pending->target, pending->action);
  g_autoptr(GError) error = NULL;

  /* A send that fails is tried again at the next retry; the timeout
   * reports it if none gets through. */
  if (!self->callbacks.send (data, self->user_data, &error))
    g_debug ("could not send control request %s: %s", pending->id, error->message);
}

static void
run_due (DiscRemoteControl *self)
{
  g_autoptr(GPtrArray) to_send = g_ptr_array_new ();
  g_autoptr(GPtrArray) timed_out = g_ptr_array_new ();

  disc_control_due (self->control, now_ms (), to_send, timed_out);
  for (guint i = 0; i < to_send->len; i++)
    send_request (self, to_send->pdata[i]);
  for (guint i = 0; i < timed_out->len; i++)
    {
      DiscControlPending *pending = timed_out->pdata[i];
      GError *error = g_error_new (DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_TIMEOUT,
                                   _("no answer from node %s to %s after %u tries"),
                                   pending->target, describe_action (pending->action),
                                   pending->sends);

      complete (pending, error);
    }
  reschedule (self);
}

static gboolean
on_timer (gpointer user_data)
{
  DiscRemoteControl *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  run_due (self);
  return G_SOURCE_REMOVE;
}

static void
reschedule (DiscRemoteControl *self)
{
  gint64 next = disc_control_next_due (self->control);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (next == G_MAXINT64)
    return;
  self->timer = g_timeout_source_new ((guint) CLAMP (next - now_ms (), 0, G_MAXINT));
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_set_static_name (self->timer, "[disc] remote control retries");
  g_source_attach (self->timer, self->context);
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Call *call = user_data;
  DiscRemoteControl *self = call->owner;
  DiscControlPending *pending = disc_control_take_pending (self->control, call->id);

  /* @call belongs to the task, which complete() may finalize. */
  if (pending != NULL)
    {
      complete (pending, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("the remote-control request was cancelled")));
      reschedule (self);
    }
  return G_SOURCE_REMOVE;
}

/* Sends @action to @target now and again until answered; @task completes
 * with the answer, a timeout, or an error. */
void
disc_remote_control_call (DiscRemoteControl *self,
                          GTask             *task,
                          const char        *target,
                          DiscControlAction  action,
                          guint              timeout_ms)
{
  DiscControlPending *pending;
  GCancellable *cancellable = g_task_get_cancellable (task);
  Call *call;

  if (self->context == NULL)
    self->context = g_main_context_ref (g_task_get_context (task));

  pending = disc_control_add_pending (self->control, target, action, now_ms (),
                                      timeout_ms > 0 ? timeout_ms : DISC_CONTROL_TIMEOUT_MS,
                                      g_object_ref (task), g_object_unref);
  if (pending == NULL)
    {
      g_task_return_new_error (task, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_TOO_MANY,
                               _("%d remote-control requests are already waiting for an answer"),
                               DISC_CONTROL_MAX_PENDING);
      return;
    }

  call = g_new0 (Call, 1);
  call->owner = self;
  call->id = g_strdup (pending->id);
  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (on_cancelled), call, NULL);
      g_source_attach (call->cancel_source, self->context);
    }
  g_task_set_task_data (task, call, call_free);
  run_due (self);
}

static void
send_answer (DiscRemoteControl     *self,
             const char            *id,
             const char            *to,
             DiscControlAnswerCode  code)
{
  g_autoptr(JsonNode) data = disc_control_build_answer (id, to, code);
  g_autoptr(GError) error = NULL;

  /* The sender tries again if this is lost, and gets the same answer. */
  if (!self->callbacks.send (data, self->user_data, &error))
    g_debug ("could not answer control request %s: %s", id, error->message);
}

static void
receive_request (DiscRemoteControl              *self,
                 const DiscEnvelope             *envelope,
                 const DiscControlMessage       *request,
                 const char                     *sender_address,
                 const DiscRemoteControlContext *context)
{
  DiscControlState state = {
    .opted_in = context->opted_in,
    .listen_only = context->listen_only,
    .eligible = context->eligible,
  };
  DiscControlAnswerCode answer;
  DiscControlDecision decision;

  decision = disc_control_receive (self->control, request, context->my_id, envelope->iid,
                                   &state, now_ms (), &answer);
  if (decision == DISC_CONTROL_IGNORE)
    return;

  if (decision != DISC_CONTROL_REPEAT && request->action_known)
    self->callbacks.audit (envelope->iid, sender_address, request->action,
                           decision == DISC_CONTROL_APPLY, self->user_data);
  if (decision == DISC_CONTROL_APPLY)
    {
      self->callbacks.apply (request->action, self->user_data);
      disc_control_note_applied (self->control, request->action);
    }
  send_answer (self, request->id, envelope->iid, answer);
}

static void
receive_answer (DiscRemoteControl              *self,
                const DiscEnvelope             *envelope,
                const DiscControlMessage       *answer,
                const DiscRemoteControlContext *context)
{
  DiscControlPending *pending = disc_control_take_answer (self->control, answer,
                                                          context->my_id, envelope->iid);

  if (pending == NULL)
    return;
  complete (pending, refusal_error (pending, answer));
  reschedule (self);
}

/* A disc-control envelope arrived from @sender_address. Returns %FALSE
 * when it is to be dropped (and counted): not authenticated, or not a
 * control packet. */
gboolean
disc_remote_control_receive (DiscRemoteControl              *self,
                             const DiscEnvelope             *envelope,
                             const char                     *sender_address,
                             const DiscRemoteControlContext *context)
{
  DiscControlMessage message;
  gboolean valid = TRUE;

  /* Our own broadcast, heard back. */
  if (strcmp (envelope->iid, context->my_id) == 0)
    return TRUE;
  /* Without aes-256-gcm anyone could have written it: never acted on,
   * never answered (an answer would confirm the node id to a forger). */
  if (!context->authenticated)
    return FALSE;

  switch (disc_control_parse (envelope->data, &message))
    {
    case DISC_CONTROL_REQUEST:
      receive_request (self, envelope, &message, sender_address, context);
      break;
    case DISC_CONTROL_ANSWER:
      receive_answer (self, envelope, &message, context);
      break;
    case DISC_CONTROL_INVALID:
    default:
      valid = FALSE;
      break;
    }
  disc_control_message_clear (&message);
  return valid;
}

/* On stop: every waiting request fails; ids are kept, since the node id
 * is kept too and copies of old requests may still come. */
void
disc_remote_control_stop (DiscRemoteControl *self)
{
  g_autoptr(GPtrArray) to_send = g_ptr_array_new ();
  g_autoptr(GPtrArray) timed_out = g_ptr_array_new ();

  disc_control_due (self->control, G_MAXINT64, to_send, timed_out);
  for (guint i = 0; i < timed_out->len; i++)
    {
      DiscControlPending *pending = timed_out->pdata[i];

      complete (pending, g_error_new (DISC_ERROR, DISC_ERROR_NOT_RUNNING,
                                      _("stopped before node %s answered"), pending->target));
    }
  reschedule (self);
}

void
disc_remote_control_forget_remote_demotion (DiscRemoteControl *self)
{
  disc_control_forget_remote_demotion (self->control);
}

guint64
disc_remote_control_get_applied (DiscRemoteControl *self)
{
  return disc_control_get_stats (self->control)->applied;
}
