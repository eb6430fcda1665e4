/* disc-control.h: remote control of promote() and demote(), no I/O (private)
 *
 * Request and answer packets (doc/protocol.md, section 9), the target's
 * decision with its bounded memory of recent request ids, and the
 * sender's table of requests waiting for an answer. Every call takes the
 * time, so tests step a fake clock.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <json-glib/json-glib.h>

#include "disc-control-action.h"

G_BEGIN_DECLS

/* The envelope event of every control packet. A libdisc channel of that
 * name cannot be joined; the npm packages emit it to no listener. */
#define DISC_CONTROL_EVENT          "disc-control"
#define DISC_CONTROL_MAX_ID         64

/* The target remembers each request id for this long after it last saw
 * it: longer than the span of the aes-256-gcm time window (2 x 30 s), so
 * any copy that passes that window finds its id still remembered. */
#define DISC_CONTROL_RECENT_TTL_MS  65000
#define DISC_CONTROL_RECENT_MAX     256

/* The sender: a request is sent again every retry interval, with the same
 * id, until its answer comes or the timeout passes. */
#define DISC_CONTROL_RETRY_MS       500
#define DISC_CONTROL_TIMEOUT_MS     3000
#define DISC_CONTROL_MAX_PENDING    64

typedef enum {
  DISC_CONTROL_ANSWER_ACCEPTED,
  DISC_CONTROL_ANSWER_NOT_OPTED_IN,
  DISC_CONTROL_ANSWER_NOT_ELIGIBLE,
  DISC_CONTROL_ANSWER_UNKNOWN_REQUEST,
  DISC_CONTROL_ANSWER_REFUSED_OTHER,   /* read only: a reason we do not know */
} DiscControlAnswerCode;

typedef enum {
  DISC_CONTROL_INVALID,
  DISC_CONTROL_REQUEST,
  DISC_CONTROL_ANSWER,
} DiscControlKind;

typedef struct
{
  DiscControlKind kind;
  char           *id;
  char           *to;
  /* request */
  gboolean        action_known;
  DiscControlAction action;
  char           *action_name;   /* as sent, for a log line about an unknown one */
  /* answer */
  DiscControlAnswerCode code;
  char           *reason;        /* as sent; NULL when accepted */
} DiscControlMessage;

const char *disc_control_action_to_wire   (DiscControlAction      action);
gboolean    disc_control_action_from_wire (const char            *name,
                                           DiscControlAction     *action);
const char *disc_control_answer_to_wire   (DiscControlAnswerCode  code);

JsonNode   *disc_control_build_request (const char            *id,
                                        const char            *to,
                                        DiscControlAction      action);
JsonNode   *disc_control_build_answer  (const char            *id,
                                        const char            *to,
                                        DiscControlAnswerCode  code);
DiscControlKind disc_control_parse     (JsonNode              *data,
                                        DiscControlMessage    *message);
void        disc_control_message_clear (DiscControlMessage    *message);
char       *disc_control_new_id        (void);
gboolean    disc_control_id_is_valid   (const char            *id);

/* The target */

/* What the target knows of itself when a request arrives. */
typedef struct
{
  gboolean opted_in;        /* remote-control is on (and so aes-256-gcm) */
  gboolean listen_only;     /* never heard: can never be master */
  gboolean eligible;        /* master-eligible now */
} DiscControlState;

typedef enum {
  DISC_CONTROL_IGNORE,      /* addressed to another node */
  DISC_CONTROL_APPLY,       /* new and accepted: audit, apply, answer */
  DISC_CONTROL_REFUSE,      /* new and refused: answer, apply nothing */
  DISC_CONTROL_REPEAT,      /* seen before: answer as then, apply nothing */
} DiscControlDecision;

typedef struct
{
  guint64 requests;         /* addressed to this node, new */
  guint64 applied;
  guint64 refused;
  guint64 repeats;          /* retransmissions and replays answered again */
  guint64 forgotten;        /* ids evicted before their time to make room */
  guint64 answers;          /* answers that matched a waiting request */
  guint64 stray_answers;    /* late, repeated, foreign or unmatched answers */
} DiscControlStats;

typedef struct _DiscControl DiscControl;

DiscControl        *disc_control_new       (void);
void                disc_control_free      (DiscControl            *self);
DiscControlDecision disc_control_receive   (DiscControl            *self,
                                            const DiscControlMessage *request,
                                            const char             *my_id,
                                            const char             *sender_id,
                                            const DiscControlState *state,
                                            gint64                  now_ms,
                                            DiscControlAnswerCode  *answer);
void                disc_control_note_applied (DiscControl    *self,
                                               DiscControlAction action);
void                disc_control_forget_remote_demotion (DiscControl *self);
gboolean            disc_control_is_remotely_demoted    (DiscControl *self);
guint               disc_control_get_n_recent (DiscControl *self);
const DiscControlStats *disc_control_get_stats (DiscControl *self);

/* The sender */

typedef struct
{
  char             *id;
  char             *target;
  DiscControlAction action;
  gint64            deadline_ms;
  gint64            next_send_ms;
  guint             sends;
  gpointer          data;
  GDestroyNotify    destroy;
} DiscControlPending;

DiscControlPending *disc_control_add_pending (DiscControl      *self,
                                              const char       *target,
                                              DiscControlAction action,
                                              gint64            now_ms,
                                              gint64            timeout_ms,
                                              gpointer          data,
                                              GDestroyNotify    destroy);
void                disc_control_due         (DiscControl      *self,
                                              gint64            now_ms,
                                              GPtrArray        *to_send,
                                              GPtrArray        *timed_out);
DiscControlPending *disc_control_take_answer (DiscControl      *self,
                                              const DiscControlMessage *answer,
                                              const char       *my_id,
                                              const char       *sender_id);
DiscControlPending *disc_control_take_pending (DiscControl     *self,
                                               const char      *id);
gint64              disc_control_next_due    (DiscControl      *self);
guint               disc_control_get_n_pending (DiscControl    *self);
void                disc_control_pending_free (DiscControlPending *pending);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscControl, disc_control_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscControlPending, disc_control_pending_free)

G_END_DECLS
