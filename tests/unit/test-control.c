/* test-control.c: remote control packets, the target's decisions and the
 * sender's retries, on a fake clock
 *
 * The last tests run the packets through two aes-256-gcm codecs, as they
 * travel, to show which layer stops a wrong key, a replay and a
 * retransmission. Nothing here sleeps or opens a socket.
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <string.h>

#include "disc-codec.h"
#include "disc-control.h"
#include "disc-hello.h"
#include "disc-membership.h"

#define T0     G_GINT64_CONSTANT (1700000000000)
#define ME     "fedcba9876543210fedcba9876543210"
#define OTHER  "00112233445566778899aabbccddeeff"
#define SENDER "5a7794b1-ceeb-4825-825f-7c99b6d3f00d"
#define REQ_ID "0123456789abcdef0123456789abcdef"

static const DiscControlState opted_in = { .opted_in = TRUE, .eligible = TRUE };

static char *
to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static DiscControlKind
parse_text (const char *text, DiscControlMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  return disc_control_parse (node, message);
}

static void
make_request (DiscControlMessage *message, const char *id, const char *to, DiscControlAction action)
{
  g_autoptr(JsonNode) node = disc_control_build_request (id, to, action);

  g_assert_cmpint (disc_control_parse (node, message), ==, DISC_CONTROL_REQUEST);
}

/* --- the packets -------------------------------------------------------------- */

static void
test_request_wire (void)
{
  static const struct { DiscControlAction action; const char *json; } cases[] = {
    { DISC_CONTROL_ACTION_PROMOTE,
      "{\"type\":\"request\",\"id\":\"" REQ_ID "\",\"to\":\"" ME "\",\"action\":\"promote\"}" },
    { DISC_CONTROL_ACTION_DEMOTE,
      "{\"type\":\"request\",\"id\":\"" REQ_ID "\",\"to\":\"" ME "\",\"action\":\"demote\"}" },
    { DISC_CONTROL_ACTION_DEMOTE_PERMANENT,
      "{\"type\":\"request\",\"id\":\"" REQ_ID "\",\"to\":\"" ME "\",\"action\":\"demote-permanent\"}" },
    { DISC_CONTROL_ACTION_MAKE_ELIGIBLE,
      "{\"type\":\"request\",\"id\":\"" REQ_ID "\",\"to\":\"" ME "\",\"action\":\"make-eligible\"}" },
  };

  g_test_summary ("Requests are written as doc/protocol.md section 9 shows, and read back");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = disc_control_build_request (REQ_ID, ME, cases[i].action);
      g_autofree char *text = to_text (node);
      DiscControlMessage message;

      g_assert_cmpstr (text, ==, cases[i].json);
      g_assert_cmpint (parse_text (text, &message), ==, DISC_CONTROL_REQUEST);
      g_assert_cmpstr (message.id, ==, REQ_ID);
      g_assert_cmpstr (message.to, ==, ME);
      g_assert_true (message.action_known);
      g_assert_cmpint (message.action, ==, cases[i].action);
      disc_control_message_clear (&message);
    }
}

static void
test_answer_wire (void)
{
  static const struct { DiscControlAnswerCode code; const char *json; } cases[] = {
    { DISC_CONTROL_ANSWER_ACCEPTED,
      "{\"type\":\"answer\",\"id\":\"" REQ_ID "\",\"to\":\"" SENDER "\",\"status\":\"accepted\"}" },
    { DISC_CONTROL_ANSWER_NOT_OPTED_IN,
      "{\"type\":\"answer\",\"id\":\"" REQ_ID "\",\"to\":\"" SENDER "\",\"status\":\"refused\",\"reason\":\"not-opted-in\"}" },
    { DISC_CONTROL_ANSWER_NOT_ELIGIBLE,
      "{\"type\":\"answer\",\"id\":\"" REQ_ID "\",\"to\":\"" SENDER "\",\"status\":\"refused\",\"reason\":\"not-eligible\"}" },
    { DISC_CONTROL_ANSWER_UNKNOWN_REQUEST,
      "{\"type\":\"answer\",\"id\":\"" REQ_ID "\",\"to\":\"" SENDER "\",\"status\":\"refused\",\"reason\":\"unknown-request\"}" },
  };
  DiscControlMessage message;

  g_test_summary ("Answers are written as doc/protocol.md section 9 shows, and read back; "
                  "a refusal for a reason this version does not know is still a refusal");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = disc_control_build_answer (REQ_ID, SENDER, cases[i].code);
      g_autofree char *text = to_text (node);

      g_assert_cmpstr (text, ==, cases[i].json);
      g_assert_cmpint (parse_text (text, &message), ==, DISC_CONTROL_ANSWER);
      g_assert_cmpstr (message.id, ==, REQ_ID);
      g_assert_cmpstr (message.to, ==, SENDER);
      g_assert_cmpint (message.code, ==, cases[i].code);
      disc_control_message_clear (&message);
    }

  g_assert_cmpint (parse_text ("{\"type\":\"answer\",\"id\":\"a1\",\"to\":\"b2\",\"status\":\"refused\","
                               "\"reason\":\"maintenance-window\"}", &message), ==, DISC_CONTROL_ANSWER);
  g_assert_cmpint (message.code, ==, DISC_CONTROL_ANSWER_REFUSED_OTHER);
  g_assert_cmpstr (message.reason, ==, "maintenance-window");
  disc_control_message_clear (&message);
}

static void
test_invalid (void)
{
  static const char * const bad[] = {
    "null", "1", "\"request\"", "[]", "{}",
    "{\"id\":\"a\",\"to\":\"b\",\"action\":\"promote\"}",                       /* no type */
    "{\"type\":\"order\",\"id\":\"a\",\"to\":\"b\",\"action\":\"promote\"}",   /* unknown type */
    "{\"type\":1,\"id\":\"a\",\"to\":\"b\",\"action\":\"promote\"}",
    "{\"type\":\"request\",\"to\":\"b\",\"action\":\"promote\"}",               /* no id */
    "{\"type\":\"request\",\"id\":\"\",\"to\":\"b\",\"action\":\"promote\"}",
    "{\"type\":\"request\",\"id\":\"a b\",\"to\":\"b\",\"action\":\"promote\"}",
    "{\"type\":\"request\",\"id\":\"é\",\"to\":\"b\",\"action\":\"promote\"}",
    "{\"type\":\"request\",\"id\":7,\"to\":\"b\",\"action\":\"promote\"}",
    "{\"type\":\"request\",\"id\":\"a\",\"action\":\"promote\"}",               /* no to */
    "{\"type\":\"request\",\"id\":\"a\",\"to\":null,\"action\":\"promote\"}",
    "{\"type\":\"request\",\"id\":\"a\",\"to\":\"b\"}",                         /* no action */
    "{\"type\":\"request\",\"id\":\"a\",\"to\":\"b\",\"action\":[\"promote\"]}",
    "{\"type\":\"answer\",\"id\":\"a\",\"to\":\"b\"}",                          /* no status */
    "{\"type\":\"answer\",\"id\":\"a\",\"to\":\"b\",\"status\":\"maybe\"}",
    "{\"type\":\"answer\",\"id\":\"a\",\"to\":\"b\",\"status\":\"refused\"}",   /* no reason */
    "{\"type\":\"answer\",\"id\":\"a\",\"to\":\"b\",\"status\":\"refused\",\"reason\":false}",
  };
  g_autofree char *long_id = g_strnfill (DISC_CONTROL_MAX_ID + 1, 'a');
  g_autofree char *long_action = g_strnfill (DISC_CONTROL_MAX_ID + 1, 'p');
  char *too_long[3];
  DiscControlMessage none;

  g_test_summary ("Malformed control packets are refused, whole, before any decision");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      DiscControlMessage message;

      g_test_message ("%s", bad[i]);
      g_assert_cmpint (parse_text (bad[i], &message), ==, DISC_CONTROL_INVALID);
      g_assert_null (message.id);
      g_assert_null (message.reason);
      g_assert_null (message.action_name);
    }

  too_long[0] = g_strdup_printf ("{\"type\":\"request\",\"id\":\"%s\",\"to\":\"b\",\"action\":\"promote\"}", long_id);
  too_long[1] = g_strdup_printf ("{\"type\":\"request\",\"id\":\"a\",\"to\":\"%s\",\"action\":\"promote\"}", long_id);
  too_long[2] = g_strdup_printf ("{\"type\":\"request\",\"id\":\"a\",\"to\":\"b\",\"action\":\"%s\"}", long_action);
  for (guint i = 0; i < G_N_ELEMENTS (too_long); i++)
    {
      DiscControlMessage message;

      g_assert_cmpint (parse_text (too_long[i], &message), ==, DISC_CONTROL_INVALID);
      g_free (too_long[i]);
    }
  g_assert_cmpint (disc_control_parse (NULL, &none), ==, DISC_CONTROL_INVALID);
}

static void
test_unknown_action (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlMessage message;
  DiscControlAnswerCode answer;

  g_test_summary ("A request for an action this version does not know is answered "
                  "“unknown-request” and changes nothing");

  g_assert_cmpint (parse_text ("{\"type\":\"request\",\"id\":\"r1\",\"to\":\"" ME "\",\"action\":\"reboot\"}",
                               &message), ==, DISC_CONTROL_REQUEST);
  g_assert_false (message.action_known);
  g_assert_cmpstr (message.action_name, ==, "reboot");
  g_assert_cmpint (disc_control_receive (control, &message, ME, SENDER, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_UNKNOWN_REQUEST);
  g_assert_cmpuint (disc_control_get_stats (control)->applied, ==, 0);
  disc_control_message_clear (&message);
}

/* --- the target ------------------------------------------------------------- */

static void
test_not_for_me (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlMessage request;
  DiscControlAnswerCode answer = 99;

  g_test_summary ("A request for another node is ignored: no answer, nothing remembered");

  make_request (&request, REQ_ID, OTHER, DISC_CONTROL_ACTION_PROMOTE);
  g_assert_cmpint (disc_control_receive (control, &request, ME, SENDER, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_IGNORE);
  g_assert_cmpint (answer, ==, 99);
  g_assert_cmpuint (disc_control_get_n_recent (control), ==, 0);
  g_assert_cmpuint (disc_control_get_stats (control)->requests, ==, 0);
  disc_control_message_clear (&request);
}

static void
test_not_opted_in (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlState off = { .opted_in = FALSE, .eligible = TRUE };
  DiscControlMessage request;
  DiscControlAnswerCode answer;

  g_test_summary ("A node that did not opt in refuses every request, and a retransmission "
                  "of a refused request stays refused even after it opts in");

  for (guint action = 0; action <= DISC_CONTROL_ACTION_MAKE_ELIGIBLE; action++)
    {
      g_autofree char *id = g_strdup_printf ("req-%u", action);

      make_request (&request, id, ME, action);
      g_assert_cmpint (disc_control_receive (control, &request, ME, SENDER, &off, 0, &answer),
                       ==, DISC_CONTROL_REFUSE);
      g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_OPTED_IN);
      disc_control_message_clear (&request);
    }

  make_request (&request, "req-0", ME, DISC_CONTROL_ACTION_PROMOTE);
  g_assert_cmpint (disc_control_receive (control, &request, ME, SENDER, &opted_in, 100, &answer),
                   ==, DISC_CONTROL_REPEAT);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_OPTED_IN);
  g_assert_cmpuint (disc_control_get_stats (control)->applied, ==, 0);
  g_assert_cmpuint (disc_control_get_stats (control)->refused, ==, 4);
  disc_control_message_clear (&request);
}

static void
test_applied_once (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlMessage request;
  DiscControlAnswerCode answer;

  g_test_summary ("A request is applied once; its retransmissions get the same answer again");

  make_request (&request, REQ_ID, ME, DISC_CONTROL_ACTION_PROMOTE);
  g_assert_cmpint (disc_control_receive (control, &request, ME, SENDER, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_ACCEPTED);
  for (guint i = 1; i <= 6; i++)
    {
      answer = 99;
      g_assert_cmpint (disc_control_receive (control, &request, ME, SENDER, &opted_in,
                                             i * DISC_CONTROL_RETRY_MS, &answer),
                       ==, DISC_CONTROL_REPEAT);
      g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_ACCEPTED);
    }
  g_assert_cmpuint (disc_control_get_stats (control)->requests, ==, 1);
  g_assert_cmpuint (disc_control_get_stats (control)->applied, ==, 1);
  g_assert_cmpuint (disc_control_get_stats (control)->repeats, ==, 6);
  disc_control_message_clear (&request);
}

static DiscControlDecision
receive_one (DiscControl *control, const char *id, DiscControlAction action,
             const DiscControlState *state, gint64 now, DiscControlAnswerCode *answer)
{
  DiscControlMessage request;
  DiscControlDecision decision;

  make_request (&request, id, ME, action);
  decision = disc_control_receive (control, &request, ME, SENDER, state, now, answer);
  if (decision == DISC_CONTROL_APPLY)
    disc_control_note_applied (control, action);
  disc_control_message_clear (&request);
  return decision;
}

static void
test_eligibility (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlState owner_said_no = { .opted_in = TRUE, .eligible = FALSE };
  DiscControlState observer = { .opted_in = TRUE, .eligible = TRUE, .listen_only = TRUE };
  DiscControlAnswerCode answer;

  g_test_summary ("A remote promotion never overrides eligibility; make-eligible undoes only "
                  "a remote permanent demotion, not the owner's own decision");

  g_assert_cmpint (receive_one (control, "p1", DISC_CONTROL_ACTION_PROMOTE, &owner_said_no, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_ELIGIBLE);
  g_assert_cmpint (receive_one (control, "p2", DISC_CONTROL_ACTION_PROMOTE, &observer, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_ELIGIBLE);
  g_assert_cmpint (receive_one (control, "e1", DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &owner_said_no, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_ELIGIBLE);
  g_assert_cmpint (receive_one (control, "e2", DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &observer, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);

  /* Demotions are always accepted, and a permanent one can be undone remotely. */
  g_assert_cmpint (receive_one (control, "d1", DISC_CONTROL_ACTION_DEMOTE, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
  g_assert_false (disc_control_is_remotely_demoted (control));
  g_assert_cmpint (receive_one (control, "d2", DISC_CONTROL_ACTION_DEMOTE_PERMANENT, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
  g_assert_true (disc_control_is_remotely_demoted (control));
  /* Now the node is not eligible: no promotion until made eligible. */
  g_assert_cmpint (receive_one (control, "p3", DISC_CONTROL_ACTION_PROMOTE, &owner_said_no, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (receive_one (control, "e3", DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &owner_said_no, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
  g_assert_false (disc_control_is_remotely_demoted (control));
  g_assert_cmpint (receive_one (control, "p4", DISC_CONTROL_ACTION_PROMOTE, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);

  /* After a remote permanent demotion the owner decided itself: ours no longer. */
  g_assert_cmpint (receive_one (control, "d3", DISC_CONTROL_ACTION_DEMOTE_PERMANENT, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
  disc_control_forget_remote_demotion (control);
  g_assert_cmpint (receive_one (control, "e4", DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &owner_said_no, 0, &answer),
                   ==, DISC_CONTROL_REFUSE);
  g_assert_cmpint (answer, ==, DISC_CONTROL_ANSWER_NOT_ELIGIBLE);
  /* Making an eligible node eligible changes nothing, and is no error. */
  g_assert_cmpint (receive_one (control, "e5", DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &opted_in, 0, &answer),
                   ==, DISC_CONTROL_APPLY);
}

static void
test_recent_bounded (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlAnswerCode answer;
  const guint n = DISC_CONTROL_RECENT_MAX * 8;

  g_test_summary ("The memory of request ids is bounded in count and in time");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("id-%u", i);

      g_assert_cmpint (receive_one (control, id, DISC_CONTROL_ACTION_DEMOTE, &opted_in, i, &answer),
                       ==, DISC_CONTROL_APPLY);
      g_assert_cmpuint (disc_control_get_n_recent (control), <=, DISC_CONTROL_RECENT_MAX);
    }
  g_assert_cmpuint (disc_control_get_n_recent (control), ==, DISC_CONTROL_RECENT_MAX);
  g_assert_cmpuint (disc_control_get_stats (control)->forgotten, ==, n - DISC_CONTROL_RECENT_MAX);
  /* The newest are still remembered. */
  g_assert_cmpint (receive_one (control, "id-2047", DISC_CONTROL_ACTION_DEMOTE, &opted_in, n, &answer),
                   ==, DISC_CONTROL_REPEAT);

  /* Past the time bound, all of them go at the next request. */
  g_assert_cmpint (receive_one (control, "late", DISC_CONTROL_ACTION_DEMOTE, &opted_in,
                                n + DISC_CONTROL_RECENT_TTL_MS + 1, &answer),
                   ==, DISC_CONTROL_APPLY);
  g_assert_cmpuint (disc_control_get_n_recent (control), ==, 1);
}

static void
test_recent_refreshed (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlAnswerCode answer;
  gint64 t = 0;

  g_test_summary ("An id is remembered for the time bound after its last copy, "
                  "so copies that keep coming are never applied again");

  g_assert_cmpint (receive_one (control, REQ_ID, DISC_CONTROL_ACTION_PROMOTE, &opted_in, t, &answer),
                   ==, DISC_CONTROL_APPLY);
  for (guint i = 0; i < 4; i++)
    {
      t += DISC_CONTROL_RECENT_TTL_MS - 1000;
      g_assert_cmpint (receive_one (control, REQ_ID, DISC_CONTROL_ACTION_PROMOTE, &opted_in, t, &answer),
                       ==, DISC_CONTROL_REPEAT);
    }
  g_assert_cmpuint (disc_control_get_stats (control)->applied, ==, 1);
}

/* --- the sender ------------------------------------------------------------- */

static guint destroyed;

static void
count_destroy (gpointer data)
{
  destroyed++;
}

static void
test_retry_and_timeout (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  g_autoptr(GPtrArray) to_send = g_ptr_array_new ();
  g_autoptr(GPtrArray) timed_out = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_control_pending_free);
  DiscControlPending *pending;
  g_autofree char *id = NULL;
  guint sends = 0;

  g_test_summary ("A request is sent at once, again every retry interval with the same id, "
                  "and times out at its deadline");

  destroyed = 0;
  pending = disc_control_add_pending (control, OTHER, DISC_CONTROL_ACTION_DEMOTE, 1000,
                                      DISC_CONTROL_TIMEOUT_MS, GUINT_TO_POINTER (1), count_destroy);
  g_assert_nonnull (pending);
  id = g_strdup (pending->id);
  g_assert_cmpuint (strlen (id), ==, 32);
  g_assert_cmpint (disc_control_next_due (control), ==, 1000);

  for (gint64 t = 1000; t < 1000 + DISC_CONTROL_TIMEOUT_MS; t += 100)
    {
      g_ptr_array_set_size (to_send, 0);
      disc_control_due (control, t, to_send, timed_out);
      g_assert_cmpuint (timed_out->len, ==, 0);
      if (to_send->len > 0)
        {
          g_assert_cmpuint (to_send->len, ==, 1);
          g_assert_cmpstr (((DiscControlPending *) to_send->pdata[0])->id, ==, id);
          g_assert_cmpint ((t - 1000) % DISC_CONTROL_RETRY_MS, ==, 0);
          sends++;
        }
    }
  g_assert_cmpuint (sends, ==, DISC_CONTROL_TIMEOUT_MS / DISC_CONTROL_RETRY_MS);
  g_assert_cmpint (disc_control_next_due (control), ==, 1000 + DISC_CONTROL_TIMEOUT_MS);

  g_ptr_array_set_size (to_send, 0);
  disc_control_due (control, 1000 + DISC_CONTROL_TIMEOUT_MS, to_send, timed_out);
  g_assert_cmpuint (to_send->len, ==, 0);
  g_assert_cmpuint (timed_out->len, ==, 1);
  g_assert_cmpuint (disc_control_get_n_pending (control), ==, 0);
  g_assert_cmpint (disc_control_next_due (control), ==, G_MAXINT64);
  g_assert_cmpuint (destroyed, ==, 0);
  g_ptr_array_set_size (timed_out, 0);
  g_assert_cmpuint (destroyed, ==, 1);
}

static void
test_answer_matching (void)
{
  g_autoptr(DiscControl) control = disc_control_new ();
  DiscControlPending *pending;
  g_autoptr(DiscControlPending) taken = NULL;
  DiscControlMessage answer;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;

  g_test_summary ("An answer completes its request only when it comes from the request's "
                  "target and is addressed to this node; late or repeated answers are strays");

  pending = disc_control_add_pending (control, OTHER, DISC_CONTROL_ACTION_PROMOTE, 0, 3000, NULL, NULL);
  id = g_strdup (pending->id);
  node = disc_control_build_answer (id, ME, DISC_CONTROL_ANSWER_ACCEPTED);
  g_assert_cmpint (disc_control_parse (node, &answer), ==, DISC_CONTROL_ANSWER);

  /* Addressed to someone else: not ours, not counted. */
  g_assert_null (disc_control_take_answer (control, &answer, SENDER, OTHER));
  /* From a node that is not the target. */
  g_assert_null (disc_control_take_answer (control, &answer, ME, SENDER));
  g_assert_cmpuint (disc_control_get_stats (control)->stray_answers, ==, 1);
  g_assert_cmpuint (disc_control_get_n_pending (control), ==, 1);

  taken = disc_control_take_answer (control, &answer, ME, OTHER);
  g_assert_true (taken == pending);
  g_assert_cmpuint (disc_control_get_n_pending (control), ==, 0);
  /* The target's answer to our retransmission comes too: a stray. */
  g_assert_null (disc_control_take_answer (control, &answer, ME, OTHER));
  g_assert_cmpuint (disc_control_get_stats (control)->stray_answers, ==, 2);
  g_assert_cmpuint (disc_control_get_stats (control)->answers, ==, 1);
  disc_control_message_clear (&answer);
}

static void
test_pending_bounded (void)
{
  DiscControl *control = disc_control_new ();

  g_test_summary ("At most a fixed number of requests wait for their answer; "
                  "freeing the table frees what is still waiting");

  destroyed = 0;
  for (guint i = 0; i < DISC_CONTROL_MAX_PENDING; i++)
    g_assert_nonnull (disc_control_add_pending (control, OTHER, DISC_CONTROL_ACTION_DEMOTE, 0, 3000,
                                                GUINT_TO_POINTER (1), count_destroy));
  g_assert_null (disc_control_add_pending (control, OTHER, DISC_CONTROL_ACTION_DEMOTE, 0, 3000, NULL, NULL));
  g_assert_cmpuint (disc_control_get_n_pending (control), ==, DISC_CONTROL_MAX_PENDING);
  disc_control_free (control);
  g_assert_cmpuint (destroyed, ==, DISC_CONTROL_MAX_PENDING);
}

/* --- through aes-256-gcm ------------------------------------------------------ */

static gint64 fake_wall;

static gint64
fake_wall_clock (gpointer data)
{
  return fake_wall;
}

static DiscCodec *
gcm_codec (const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  DiscAeadKey key;
  DiscCodec *codec;

  disc_aead_derive_key (passphrase, &key);
  codec = disc_codec_new_aead (DISC_DIALECT_WRAP, &key, 1, &error);
  g_assert_no_error (error);
  disc_codec_set_wall_clock (codec, fake_wall_clock, NULL);
  return codec;
}

static GBytes *
seal_request (DiscCodec *codec, const char *id, const char *to, DiscControlAction action)
{
  g_autoptr(JsonNode) data = disc_control_build_request (id, to, action);
  g_autoptr(DiscEnvelope) envelope = disc_envelope_new (DISC_CONTROL_EVENT, SENDER, SENDER, "ctl", data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datagrams = disc_codec_encode (codec, envelope, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (datagrams->len, ==, 1);
  return g_bytes_ref (datagrams->pdata[0]);
}

/* The target's whole receive path: codec, then the control layer. */
static int
deliver (DiscCodec *codec, DiscControl *control, GBytes *datagram, DiscStats *stats,
         DiscControlDecision *decision)
{
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) disc_envelope_free);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (datagram, &len);
  int drop = disc_codec_decode (codec, bytes, len, 0, envelopes, stats);

  *decision = DISC_CONTROL_IGNORE;
  for (guint i = 0; i < envelopes->len; i++)
    {
      DiscEnvelope *envelope = envelopes->pdata[i];
      DiscControlMessage request;
      DiscControlAnswerCode answer;

      g_assert_cmpstr (envelope->event, ==, DISC_CONTROL_EVENT);
      g_assert_cmpint (disc_control_parse (envelope->data, &request), ==, DISC_CONTROL_REQUEST);
      *decision = disc_control_receive (control, &request, ME, envelope->iid, &opted_in,
                                        fake_wall - T0, &answer);
      disc_control_message_clear (&request);
    }
  return drop;
}

static void
test_through_gcm (void)
{
  g_autoptr(DiscCodec) sender = gcm_codec ("secret");
  g_autoptr(DiscCodec) intruder = gcm_codec ("not the secret");
  g_autoptr(DiscCodec) target = gcm_codec ("secret");
  g_autoptr(DiscCodec) restarted = NULL;
  g_autoptr(DiscControl) control = disc_control_new ();
  g_autoptr(GBytes) capture = NULL;
  g_autoptr(GBytes) forged = NULL;
  g_autoptr(GBytes) retransmission = NULL;
  DiscStats stats = { 0 };
  DiscControlDecision decision;

  g_test_summary ("Over aes-256-gcm: a request with the wrong key is dropped (DECRYPT) and a "
                  "replayed capture (REPLAY) before the control layer; a capture replayed to a "
                  "target whose sequence window was lost is answered again, not applied again");

  fake_wall = T0;
  capture = seal_request (sender, REQ_ID, ME, DISC_CONTROL_ACTION_PROMOTE);
  g_assert_cmpint (deliver (target, control, capture, &stats, &decision), ==, -1);
  g_assert_cmpint (decision, ==, DISC_CONTROL_APPLY);

  /* The wrong key. */
  forged = seal_request (intruder, "forged-1", ME, DISC_CONTROL_ACTION_DEMOTE_PERMANENT);
  g_assert_cmpint (deliver (target, control, forged, &stats, &decision), ==, DISC_DROP_DECRYPT);
  g_assert_cmpint (decision, ==, DISC_CONTROL_IGNORE);
  g_assert_cmpuint (stats.drops[DISC_DROP_DECRYPT], ==, 1);

  /* The same datagram again: the sequence window. */
  fake_wall += 200;
  g_assert_cmpint (deliver (target, control, capture, &stats, &decision), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (decision, ==, DISC_CONTROL_IGNORE);
  g_assert_cmpuint (stats.drops[DISC_DROP_REPLAY], ==, 1);

  /* The sender's own retransmission is a new packet: answered, not applied. */
  retransmission = seal_request (sender, REQ_ID, ME, DISC_CONTROL_ACTION_PROMOTE);
  g_assert_cmpint (deliver (target, control, retransmission, &stats, &decision), ==, -1);
  g_assert_cmpint (decision, ==, DISC_CONTROL_REPEAT);

  /* A receiver that has no window for the sender (evicted, or restarted
   * with its control state kept) lets the capture through once within
   * 30 s; the request id stops it. */
  restarted = gcm_codec ("secret");
  fake_wall += 20000;
  g_assert_cmpint (deliver (restarted, control, capture, &stats, &decision), ==, -1);
  g_assert_cmpint (decision, ==, DISC_CONTROL_REPEAT);

  /* Later than 30 s, the time window stops it, long before the id is forgotten. */
  g_clear_pointer (&restarted, disc_codec_free);
  restarted = gcm_codec ("secret");
  fake_wall = T0 + DISC_AEAD_REPLAY_WINDOW_MS + 1;
  g_assert_cmpint (deliver (restarted, control, capture, &stats, &decision), ==, DISC_DROP_REPLAY);
  g_assert_cmpint (DISC_CONTROL_RECENT_TTL_MS, >, 2 * DISC_AEAD_REPLAY_WINDOW_MS);

  g_assert_cmpuint (disc_control_get_stats (control)->applied, ==, 1);
}

/* --- the hello field ---------------------------------------------------------- */

static void
test_hello_field (void)
{
  DiscHello hello = { .is_master_eligible = TRUE, .weight = 0.5, .address = (char *) "10.0.0.7" };
  DiscHello read;
  g_autoptr(JsonNode) off = NULL, on = NULL;
  g_autofree char *off_text = NULL, *on_text = NULL;

  g_test_summary ("acceptsControl is in the hello only when on, so other hellos keep the "
                  "npm packages' bytes; it is read back, and a non-boolean is refused");

  off = disc_hello_build (&hello, DISC_DIALECT_WRAP);
  off_text = to_text (off);
  g_assert_cmpstr (off_text, ==, "{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":0.5,\"address\":\"10.0.0.7\"}");
  g_assert_true (disc_hello_parse (off, &read));
  g_assert_false (read.accepts_control);
  disc_hello_clear (&read);

  hello.accepts_control = TRUE;
  on = disc_hello_build (&hello, DISC_DIALECT_WRAP);
  on_text = to_text (on);
  g_assert_cmpstr (on_text, ==, "{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":0.5,"
                                "\"address\":\"10.0.0.7\",\"acceptsControl\":true}");
  g_assert_true (disc_hello_parse (on, &read));
  g_assert_true (read.accepts_control);
  disc_hello_clear (&read);

  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"isMaster\":false,\"acceptsControl\":\"yes\"}", NULL);
    g_autoptr(JsonNode) null = json_from_string ("{\"isMaster\":false,\"acceptsControl\":null}", NULL);

    g_assert_false (disc_hello_parse (bad, &read));
    disc_hello_clear (&read);
    g_assert_true (disc_hello_parse (null, &read));
    g_assert_false (read.accepts_control);
    disc_hello_clear (&read);
  }
}

static void
test_node_property (void)
{
  DiscMembershipConfig config = { .check_interval_ms = 500, .node_timeout_ms = 2000,
                                  .master_timeout_ms = 2000, .masters_required = 1,
                                  .max_nodes = 16 };
  g_autoptr(DiscNode) me = _disc_node_new (ME, ME);
  DiscMembership *membership = disc_membership_new (&config, me, NULL, NULL);
  DiscHello hello = { .is_master_eligible = TRUE, .weight = 0.5, .accepts_control = TRUE };
  DiscHello mine = { 0 };
  DiscNode *node;
  g_autoptr(JsonNode) json = NULL;

  g_test_summary ("A peer's acceptsControl shows as DiscNode:accepts-control and in its JSON; "
                  "this node's own flag goes into its hello");

  g_assert_true (disc_membership_handle_hello (membership, OTHER, OTHER, "h", "10.0.0.2", 12345,
                                               &hello, 0, T0));
  node = disc_membership_lookup (membership, OTHER);
  g_assert_true (disc_node_get_accepts_control (node));
  json = disc_node_to_json (node);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "acceptsControl"));

  hello.accepts_control = FALSE;
  g_assert_true (disc_membership_handle_hello (membership, OTHER, OTHER, "h", "10.0.0.2", 12345,
                                               &hello, 100, T0 + 100));
  g_assert_false (disc_node_get_accepts_control (node));
  g_clear_pointer (&json, json_node_unref);
  json = disc_node_to_json (node);
  g_assert_false (json_object_has_member (json_node_get_object (json), "acceptsControl"));

  disc_membership_fill_hello (membership, &mine);
  g_assert_false (mine.accepts_control);
  disc_hello_clear (&mine);
  _disc_node_set_accepts_control (me, TRUE);
  disc_membership_fill_hello (membership, &mine);
  g_assert_true (mine.accepts_control);
  disc_hello_clear (&mine);

  disc_membership_free (membership);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/control/wire/request", test_request_wire);
  g_test_add_func ("/control/wire/answer", test_answer_wire);
  g_test_add_func ("/control/wire/invalid", test_invalid);
  g_test_add_func ("/control/wire/unknown-action", test_unknown_action);
  g_test_add_func ("/control/target/not-for-me", test_not_for_me);
  g_test_add_func ("/control/target/not-opted-in", test_not_opted_in);
  g_test_add_func ("/control/target/applied-once", test_applied_once);
  g_test_add_func ("/control/target/eligibility", test_eligibility);
  g_test_add_func ("/control/target/recent-bounded", test_recent_bounded);
  g_test_add_func ("/control/target/recent-refreshed", test_recent_refreshed);
  g_test_add_func ("/control/sender/retry-and-timeout", test_retry_and_timeout);
  g_test_add_func ("/control/sender/answer-matching", test_answer_matching);
  g_test_add_func ("/control/sender/pending-bounded", test_pending_bounded);
  g_test_add_func ("/control/gcm/wrong-key-replay-retransmission", test_through_gcm);
  g_test_add_func ("/control/hello/accepts-control", test_hello_field);
  g_test_add_func ("/control/hello/node-property", test_node_property);

  return g_test_run ();
}
