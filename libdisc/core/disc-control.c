/* disc-control.c: remote control, as packets and decisions
 *
 * A request names its target by node id and carries an id of its own.
 * The target decides once per request id and remembers the answer, so a
 * retransmission (the sender's, or a replay that got past aes-256-gcm's
 * sequence window) is answered again and applied never. The memory is
 * bounded in count and in time; the time bound outlasts the aes-256-gcm
 * time window, which rejects anything older.
 *
 * Authentication is not done here: the caller hands in only envelopes
 * that came out of an authentic aes-256-gcm packet (doc/protocol.md,
 * sections 8 and 9).
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-control"

#include "config.h"

#include <string.h>

#include "disc-control.h"

static const char * const action_names[] = {
  [DISC_CONTROL_ACTION_PROMOTE] = "promote",
  [DISC_CONTROL_ACTION_DEMOTE] = "demote",
  [DISC_CONTROL_ACTION_DEMOTE_PERMANENT] = "demote-permanent",
  [DISC_CONTROL_ACTION_MAKE_ELIGIBLE] = "make-eligible",
};

static const char * const reason_names[] = {
  [DISC_CONTROL_ANSWER_ACCEPTED] = NULL,
  [DISC_CONTROL_ANSWER_NOT_OPTED_IN] = "not-opted-in",
  [DISC_CONTROL_ANSWER_NOT_ELIGIBLE] = "not-eligible",
  [DISC_CONTROL_ANSWER_UNKNOWN_REQUEST] = "unknown-request",
  [DISC_CONTROL_ANSWER_REFUSED_OTHER] = "refused",
};

typedef struct
{
  char                 *id;
  char                 *sender;
  DiscControlAnswerCode answer;
  gint64                seen_ms;   /* last time a copy arrived */
  GList                 link;      /* in DiscControl.recent_order, oldest first */
} Recent;

struct _DiscControl
{
  GHashTable      *recent;         /* id -> Recent (owned) */
  GQueue           recent_order;
  gboolean         remotely_demoted;
  GHashTable      *pending;        /* id -> DiscControlPending (owned) */
  DiscControlStats stats;
};

const char *
disc_control_action_to_wire (DiscControlAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

/* Where @name is among @names[@first] to @names[@end - 1]: the wire name
 * tables above are indexed by their enum. */
static gboolean
find_wire_name (const char * const *names,
                guint               first,
                guint               end,
                const char         *name,
                guint              *index)
{
  for (guint i = first; i < end; i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
disc_control_action_from_wire (const char        *name,
                               DiscControlAction *action)
{
  guint i;

  if (!find_wire_name (action_names, 0, G_N_ELEMENTS (action_names), name, &i))
    return FALSE;
  *action = i;
  return TRUE;
}

const char *
disc_control_answer_to_wire (DiscControlAnswerCode code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (reason_names), NULL);
  return reason_names[code];
}

/* Ids and node ids: 1 to 64 bytes of letters, digits, '-' and '_', which
 * covers both packages' node ids (hex and UUIDs) and ours. */
gboolean
disc_control_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL || (len = strlen (id)) == 0 || len > DISC_CONTROL_MAX_ID)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
disc_control_new_id (void)
{
  guint8 bytes[16];
  GString *id = g_string_sized_new (33);

  for (guint i = 0; i < sizeof bytes; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (bytes + i, &r, 4);
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (id, "%02x", bytes[i]);
  return g_string_free (id, FALSE);
}

static JsonBuilder *
begin (const char *type,
       const char *id,
       const char *to)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  return builder;
}

JsonNode *
disc_control_build_request (const char        *id,
                            const char        *to,
                            DiscControlAction  action)
{
  g_autoptr(JsonBuilder) builder = begin ("request", id, to);

  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, disc_control_action_to_wire (action));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
disc_control_build_answer (const char            *id,
                           const char            *to,
                           DiscControlAnswerCode  code)
{
  g_autoptr(JsonBuilder) builder = begin ("answer", id, to);

  g_return_val_if_fail (code != DISC_CONTROL_ANSWER_REFUSED_OTHER, NULL);

  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, code == DISC_CONTROL_ANSWER_ACCEPTED ? "accepted" : "refused");
  if (code != DISC_CONTROL_ANSWER_ACCEPTED)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, disc_control_answer_to_wire (code));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A string member, or NULL when missing or of another type. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_answer (JsonObject         *object,
              DiscControlMessage *message)
{
  const char *status = get_string (object, "status");
  const char *reason = get_string (object, "reason");
  guint code;

  if (g_strcmp0 (status, "accepted") == 0)
    {
      message->code = DISC_CONTROL_ANSWER_ACCEPTED;
      return TRUE;
    }
  if (g_strcmp0 (status, "refused") != 0 || reason == NULL ||
      strlen (reason) > DISC_CONTROL_MAX_ID || !g_utf8_validate (reason, -1, NULL))
    return FALSE;

  message->reason = g_strdup (reason);
  /* A reason of our own, or one we do not know (still a refusal). */
  if (find_wire_name (reason_names, DISC_CONTROL_ANSWER_NOT_OPTED_IN,
                      DISC_CONTROL_ANSWER_REFUSED_OTHER, reason, &code))
    message->code = code;
  else
    message->code = DISC_CONTROL_ANSWER_REFUSED_OTHER;
  return TRUE;
}

DiscControlKind
disc_control_parse (JsonNode           *data,
                    DiscControlMessage *message)
{
  JsonObject *object;
  const char *type, *id, *to;

  memset (message, 0, sizeof *message);
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return DISC_CONTROL_INVALID;
  object = json_node_get_object (data);
  type = get_string (object, "type");
  id = get_string (object, "id");
  to = get_string (object, "to");
  if (type == NULL || !disc_control_id_is_valid (id) || !disc_control_id_is_valid (to))
    return DISC_CONTROL_INVALID;

  if (strcmp (type, "request") == 0)
    {
      const char *action = get_string (object, "action");

      /* An action we do not know is still a request, answered as unknown;
       * one that is not a short string is garbage. */
      if (action == NULL || strlen (action) > DISC_CONTROL_MAX_ID ||
          !g_utf8_validate (action, -1, NULL))
        return DISC_CONTROL_INVALID;
      message->action_known = disc_control_action_from_wire (action, &message->action);
      message->action_name = g_strdup (action);
      message->kind = DISC_CONTROL_REQUEST;
    }
  else if (strcmp (type, "answer") == 0)
    {
      if (!parse_answer (object, message))
        {
          disc_control_message_clear (message);
          return DISC_CONTROL_INVALID;
        }
      message->kind = DISC_CONTROL_ANSWER;
    }
  else
    return DISC_CONTROL_INVALID;

  message->id = g_strdup (id);
  message->to = g_strdup (to);
  return message->kind;
}

void
disc_control_message_clear (DiscControlMessage *message)
{
  g_clear_pointer (&message->id, g_free);
  g_clear_pointer (&message->to, g_free);
  g_clear_pointer (&message->action_name, g_free);
  g_clear_pointer (&message->reason, g_free);
  message->kind = DISC_CONTROL_INVALID;
}

/* ------------------------------------------------------------------ */
/* The target                                                          */
/* ------------------------------------------------------------------ */

static void
recent_free (gpointer data)
{
  Recent *recent = data;

  g_free (recent->id);
  g_free (recent->sender);
  g_free (recent);
}

DiscControl *
disc_control_new (void)
{
  DiscControl *self = g_new0 (DiscControl, 1);

  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, recent_free);
  g_queue_init (&self->recent_order);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) disc_control_pending_free);
  return self;
}

void
disc_control_free (DiscControl *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->recent);
  g_free (self);
}

static void
forget (DiscControl *self,
        Recent      *recent)
{
  g_queue_unlink (&self->recent_order, &recent->link);
  g_hash_table_remove (self->recent, recent->id);
}

static void
expire_recent (DiscControl *self,
               gint64       now_ms)
{
  Recent *oldest;

  while ((oldest = g_queue_peek_head (&self->recent_order)) != NULL &&
         now_ms - oldest->seen_ms > DISC_CONTROL_RECENT_TTL_MS)
    forget (self, oldest);
}

static void
remember (DiscControl           *self,
          const char            *id,
          const char            *sender,
          DiscControlAnswerCode  answer,
          gint64                 now_ms)
{
  Recent *recent;

  /* Full of live ids: the oldest goes. A copy of it could then be
   * applied again only if it also got past the aes-256-gcm sequence
   * window, that is, if its sender was evicted there too. */
  if (g_hash_table_size (self->recent) >= DISC_CONTROL_RECENT_MAX)
    {
      forget (self, g_queue_peek_head (&self->recent_order));
      self->stats.forgotten++;
    }

  recent = g_new0 (Recent, 1);
  recent->id = g_strdup (id);
  recent->sender = g_strdup (sender);
  recent->answer = answer;
  recent->seen_ms = now_ms;
  recent->link.data = recent;
  g_hash_table_insert (self->recent, recent->id, recent);
  g_queue_push_tail_link (&self->recent_order, &recent->link);
}

static DiscControlAnswerCode
decide (DiscControl              *self,
        const DiscControlMessage *request,
        const DiscControlState   *state)
{
  if (!state->opted_in)
    return DISC_CONTROL_ANSWER_NOT_OPTED_IN;
  if (!request->action_known)
    return DISC_CONTROL_ANSWER_UNKNOWN_REQUEST;

  switch (request->action)
    {
    case DISC_CONTROL_ACTION_PROMOTE:
      /* A remote promotion never overrides an eligibility decision: the
       * owner's master-eligible = FALSE, or a remote permanent demotion
       * (undone first with make-eligible). */
      if (state->listen_only || !state->eligible)
        return DISC_CONTROL_ANSWER_NOT_ELIGIBLE;
      return DISC_CONTROL_ANSWER_ACCEPTED;

    case DISC_CONTROL_ACTION_MAKE_ELIGIBLE:
      /* Only undoes what remote control did. */
      if (state->listen_only || (!state->eligible && !self->remotely_demoted))
        return DISC_CONTROL_ANSWER_NOT_ELIGIBLE;
      return DISC_CONTROL_ANSWER_ACCEPTED;

    case DISC_CONTROL_ACTION_DEMOTE:
    case DISC_CONTROL_ACTION_DEMOTE_PERMANENT:
    default:
      return DISC_CONTROL_ANSWER_ACCEPTED;
    }
}

DiscControlDecision
disc_control_receive (DiscControl              *self,
                      const DiscControlMessage *request,
                      const char               *my_id,
                      const char               *sender_id,
                      const DiscControlState   *state,
                      gint64                    now_ms,
                      DiscControlAnswerCode    *answer)
{
  Recent *recent;

  g_return_val_if_fail (request->kind == DISC_CONTROL_REQUEST, DISC_CONTROL_IGNORE);

  if (strcmp (request->to, my_id) != 0)
    return DISC_CONTROL_IGNORE;

  expire_recent (self, now_ms);
  recent = g_hash_table_lookup (self->recent, request->id);
  if (recent != NULL)
    {
      /* Seen: answer as then. Keep it longer, since copies still come. */
      recent->seen_ms = now_ms;
      g_queue_unlink (&self->recent_order, &recent->link);
      g_queue_push_tail_link (&self->recent_order, &recent->link);
      self->stats.repeats++;
      *answer = recent->answer;
      return DISC_CONTROL_REPEAT;
    }

  self->stats.requests++;
  *answer = decide (self, request, state);
  remember (self, request->id, sender_id, *answer, now_ms);
  if (*answer != DISC_CONTROL_ANSWER_ACCEPTED)
    {
      self->stats.refused++;
      return DISC_CONTROL_REFUSE;
    }

  self->stats.applied++;
  return DISC_CONTROL_APPLY;
}

/* After the caller applied an accepted request through the owner's own
 * calls (which forget a remote demotion, see below): remember whether the
 * node's ineligibility is now ours to undo. */
void
disc_control_note_applied (DiscControl       *self,
                           DiscControlAction  action)
{
  if (action == DISC_CONTROL_ACTION_DEMOTE_PERMANENT)
    self->remotely_demoted = TRUE;
  else if (action == DISC_CONTROL_ACTION_MAKE_ELIGIBLE || action == DISC_CONTROL_ACTION_PROMOTE)
    self->remotely_demoted = FALSE;
}

/* The owner changed eligibility itself (master-eligible, or a local
 * demote (TRUE)): from now on that is its decision, not ours to undo. */
void
disc_control_forget_remote_demotion (DiscControl *self)
{
  self->remotely_demoted = FALSE;
}

gboolean
disc_control_is_remotely_demoted (DiscControl *self)
{
  return self->remotely_demoted;
}

guint
disc_control_get_n_recent (DiscControl *self)
{
  return g_hash_table_size (self->recent);
}

const DiscControlStats *
disc_control_get_stats (DiscControl *self)
{
  return &self->stats;
}

/* ------------------------------------------------------------------ */
/* The sender                                                          */
/* ------------------------------------------------------------------ */

void
disc_control_pending_free (DiscControlPending *pending)
{
  if (pending == NULL)
    return;
  if (pending->destroy != NULL && pending->data != NULL)
    pending->destroy (pending->data);
  g_free (pending->id);
  g_free (pending->target);
  g_free (pending);
}

DiscControlPending *
disc_control_add_pending (DiscControl       *self,
                          const char        *target,
                          DiscControlAction  action,
                          gint64             now_ms,
                          gint64             timeout_ms,
                          gpointer           data,
                          GDestroyNotify     destroy)
{
  DiscControlPending *pending;

  g_return_val_if_fail (disc_control_id_is_valid (target), NULL);

  if (g_hash_table_size (self->pending) >= DISC_CONTROL_MAX_PENDING)
    return NULL;

  pending = g_new0 (DiscControlPending, 1);
  do
    {
      g_free (pending->id);
      pending->id = disc_control_new_id ();
    }
  while (g_hash_table_contains (self->pending, pending->id));
  pending->target = g_strdup (target);
  pending->action = action;
  pending->deadline_ms = now_ms + MAX (timeout_ms, 0);
  pending->next_send_ms = now_ms;
  pending->data = data;
  pending->destroy = destroy;
  g_hash_table_insert (self->pending, pending->id, pending);
  return pending;
}

/* @to_send gets the requests to send (again) now, borrowed; @timed_out
 * the ones whose time is up, taken out of the table (owned by the array
 * if it frees its elements). */
void
disc_control_due (DiscControl *self,
                  gint64       now_ms,
                  GPtrArray   *to_send,
                  GPtrArray   *timed_out)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DiscControlPending *pending = value;

      if (now_ms >= pending->deadline_ms)
        {
          g_hash_table_iter_steal (&iter);
          g_ptr_array_add (timed_out, pending);
        }
      else if (now_ms >= pending->next_send_ms)
        {
          pending->sends++;
          pending->next_send_ms = now_ms + DISC_CONTROL_RETRY_MS;
          g_ptr_array_add (to_send, pending);
        }
    }
}

/* The waiting request @answer answers, taken out of the table; NULL if
 * it is for someone else, from another node than the request's target,
 * or for no request waiting (late, or repeated). */
DiscControlPending *
disc_control_take_answer (DiscControl              *self,
                          const DiscControlMessage *answer,
                          const char               *my_id,
                          const char               *sender_id)
{
  DiscControlPending *pending;

  g_return_val_if_fail (answer->kind == DISC_CONTROL_ANSWER, NULL);

  if (strcmp (answer->to, my_id) != 0)
    return NULL;
  pending = g_hash_table_lookup (self->pending, answer->id);
  if (pending == NULL || strcmp (pending->target, sender_id) != 0)
    {
      self->stats.stray_answers++;
      return NULL;
    }
  g_hash_table_steal (self->pending, answer->id);
  self->stats.answers++;
  return pending;
}

DiscControlPending *
disc_control_take_pending (DiscControl *self,
                           const char  *id)
{
  DiscControlPending *pending = g_hash_table_lookup (self->pending, id);

  if (pending != NULL)
    g_hash_table_steal (self->pending, id);
  return pending;
}

/* When disc_control_due() next has something to do; G_MAXINT64 if never. */
gint64
disc_control_next_due (DiscControl *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 next = G_MAXINT64;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DiscControlPending *pending = value;

      next = MIN (next, MIN (pending->deadline_ms, pending->next_send_ms));
    }
  return next;
}

guint
disc_control_get_n_pending (DiscControl *self)
{
  return g_hash_table_size (self->pending);
}
