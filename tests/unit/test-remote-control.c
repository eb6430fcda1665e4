/* test-remote-control.c: remote control through the API, on loopback
 *
 * The option checks are socket-free; the rest uses real sockets on
 * loopback only (127.255.255.255 and 127.0.0.1) and ports the kernel says
 * are free, with test-util.c.
 * The multi-host test (tests/multihost/test_control.py) covers the rest
 * end to end.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <disc.h>

#include "test-util.h"

#define KEY "remote control key"

static DiscDiscovery *
make_node (guint port, const char *algorithm, const char *key, double weight, gboolean remote)
{
  /* Timeouts generous: deriving a key blocks the main loop. */
  DiscDiscovery *d = test_new_node (DISC_TYPE_DISCOVERY, port, 30000);

  g_object_set (d, "algorithm", algorithm, "key", key, "weight", weight,
                "remote-control", remote, NULL);
  return d;
}

static gboolean
sees_peer (gpointer data)
{
  DiscDiscovery **pair = data;
  DiscNode *peer = disc_discovery_lookup_node (pair[0], disc_node_get_id (disc_discovery_get_me (pair[1])));

  return peer != NULL;
}

/* --- the option ----------------------------------------------------------- */

static void
test_option_needs_gcm (void)
{
  static const struct { const char *algorithm, *key, *conflict; } cases[] = {
    { "aes256", NULL, "algorithm" },
    { "aes256", "legacy", "algorithm" },
    { "aes-256-gcm", NULL, "key" },
  };

  g_test_summary ("remote-control without aes-256-gcm and a key fails at start with a "
                  "DISC_OPTION_ERROR that names it and the option it conflicts with");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DiscDiscovery) d = make_node (test_free_udp_port (), cases[i].algorithm, cases[i].key, 0.5, TRUE);
      g_autoptr(GError) error = NULL;

      g_assert_false (disc_discovery_start (d, &error));
      g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_REMOTE_CONTROL);
      g_assert_cmpstr (disc_option_error_get_property_name (error), ==, "remote-control");
      g_assert_cmpstr (disc_option_error_get_conflict (error), ==, cases[i].conflict);
      g_assert_nonnull (strstr (error->message, "forge or replay"));
      g_assert_false (disc_discovery_is_running (d));
      g_test_message ("%s", error->message);
    }
}

static void
test_channel_reserved (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("disc-control cannot be joined or sent on as a channel");
  g_assert_false (disc_discovery_join (d, "disc-control"));
  g_assert_false (disc_channel_name_is_valid ("disc-control", &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_RESERVED_CHANNEL);
}

/* --- on loopback ------------------------------------------------------------ */

typedef struct
{
  gboolean done;
  gboolean accepted;
  GError  *error;
} Answer;

static void
on_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Answer *answer = user_data;

  answer->accepted = disc_discovery_control_finish (DISC_DISCOVERY (source), result, &answer->error);
  answer->done = TRUE;
}

static gboolean
answered (gpointer data)
{
  return ((Answer *) data)->done;
}

typedef struct
{
  GString *log;
  char    *sender;
  char    *address;
} Audit;

static void
on_control_request (DiscDiscovery *d, const char *sender, const char *address,
                    DiscControlAction action, gboolean accepted, Audit *audit)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_CONTROL_ACTION);

  g_string_append_printf (audit->log, "request:%s:%s;", g_enum_get_value (klass, action)->value_nick,
                          accepted ? "accepted" : "refused");
  g_free (audit->sender);
  audit->sender = g_strdup (sender);
  g_free (audit->address);
  audit->address = g_strdup (address);
}

static void
on_promotion (DiscDiscovery *d, DiscNode *me, Audit *audit)
{
  g_string_append (audit->log, "promotion;");
}

static void
on_demotion (DiscDiscovery *d, DiscNode *me, Audit *audit)
{
  g_string_append (audit->log, "demotion;");
}

/* Sends a request to the node @target_id and waits for its answer. */
static gboolean
request_and_wait (DiscDiscovery *from, const char *target_id, DiscControlAction action, GError **error)
{
  Answer answer = { 0 };

  disc_discovery_control_async (from, target_id, action, NULL, on_answer, &answer);
  g_assert_true (test_wait_for (answered, &answer));
  if (answer.error != NULL)
    g_propagate_error (error, answer.error);
  return answer.accepted;
}

static gboolean
control_and_wait (DiscDiscovery *from, DiscDiscovery *to, DiscControlAction action, GError **error)
{
  return request_and_wait (from, disc_node_get_id (disc_discovery_get_me (to)), action, error);
}

static void
test_promote_demote (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) target = make_node (port, "aes-256-gcm", KEY, 0.1, TRUE);
  g_autoptr(DiscDiscovery) sender = make_node (port, "aes-256-gcm", KEY, 0.9, FALSE);
  DiscDiscovery *pair[2] = { sender, target };
  Audit audit = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  DiscNode *seen;

  g_test_summary ("An opted-in node is promoted and demoted by another; it announces each "
                  "request, naming the sender, before applying it; its hello says it accepts control");

  g_signal_connect (target, "control-request", G_CALLBACK (on_control_request), &audit);
  g_signal_connect (target, "promotion", G_CALLBACK (on_promotion), &audit);
  g_signal_connect (target, "demotion", G_CALLBACK (on_demotion), &audit);
  test_start_or_fail (target);
  test_start_or_fail (sender);
  g_assert_true (test_wait_for (sees_peer, pair));
  seen = disc_discovery_lookup_node (sender, disc_node_get_id (disc_discovery_get_me (target)));
  g_assert_true (disc_node_get_accepts_control (seen));
  g_assert_true (disc_node_get_accepts_control (disc_discovery_get_me (target)));
  g_assert_false (disc_node_get_accepts_control (disc_discovery_get_me (sender)));

  g_assert_true (control_and_wait (sender, target, DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_no_error (error);
  g_assert_true (disc_node_get_is_master (disc_discovery_get_me (target)));
  g_assert_cmpstr (audit.sender, ==, disc_node_get_id (disc_discovery_get_me (sender)));
  g_assert_cmpstr (audit.address, ==, "127.0.0.1");

  g_assert_true (control_and_wait (sender, target, DISC_CONTROL_ACTION_DEMOTE_PERMANENT, &error));
  g_assert_false (disc_node_get_is_master (disc_discovery_get_me (target)));
  g_assert_false (disc_node_get_is_master_eligible (disc_discovery_get_me (target)));

  /* Not eligible now: a promotion is refused until made eligible. */
  g_assert_false (control_and_wait (sender, target, DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_ELIGIBLE);
  g_clear_error (&error);
  g_assert_true (control_and_wait (sender, target, DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &error));
  g_assert_true (disc_node_get_is_master_eligible (disc_discovery_get_me (target)));

  g_assert_cmpstr (audit.log->str, ==,
                   "request:promote:accepted;promotion;"
                   "request:demote-permanent:accepted;demotion;"
                   "request:promote:refused;"
                   "request:make-eligible:accepted;");

  disc_discovery_stop (sender);
  disc_discovery_stop (target);
  g_assert_false (disc_node_get_accepts_control (disc_discovery_get_me (target)));
  g_string_free (audit.log, TRUE);
  g_free (audit.sender);
  g_free (audit.address);
}

static void
test_owner_decides (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) target = make_node (port, "aes-256-gcm", KEY, 0.1, TRUE);
  g_autoptr(DiscDiscovery) sender = make_node (port, "aes-256-gcm", KEY, 0.9, FALSE);
  DiscDiscovery *pair[2] = { sender, target };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Remote make-eligible undoes only a remote permanent demotion, not the "
                  "owner's master-eligible = FALSE");

  g_object_set (target, "master-eligible", FALSE, NULL);
  test_start_or_fail (target);
  test_start_or_fail (sender);
  g_assert_true (test_wait_for (sees_peer, pair));

  g_assert_false (control_and_wait (sender, target, DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_ELIGIBLE);
  g_clear_error (&error);
  g_assert_false (disc_node_get_is_master_eligible (disc_discovery_get_me (target)));

  /* After a remote permanent demotion the owner says no itself: stays no. */
  g_object_set (target, "master-eligible", TRUE, NULL);
  g_assert_true (control_and_wait (sender, target, DISC_CONTROL_ACTION_DEMOTE_PERMANENT, &error));
  g_object_set (target, "master-eligible", FALSE, NULL);
  g_assert_false (control_and_wait (sender, target, DISC_CONTROL_ACTION_MAKE_ELIGIBLE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_ELIGIBLE);
}

static void
count_audit (DiscDiscovery *d, const char *sender, const char *address,
             DiscControlAction action, gboolean accepted, guint *count)
{
  g_assert_false (accepted);
  (*count)++;
}

static void
test_refused_and_failures (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) target = make_node (port, "aes-256-gcm", KEY, 0.1, FALSE);
  g_autoptr(DiscDiscovery) sender = make_node (port, "aes-256-gcm", KEY, 0.9, FALSE);
  g_autoptr(DiscDiscovery) legacy = make_node (test_free_udp_port (), "aes256", "legacy", 0.5, FALSE);
  DiscDiscovery *pair[2] = { sender, target };
  g_autoptr(GError) error = NULL;
  Answer answer = { 0 };
  guint audits = 0;

  g_test_summary ("A node that did not opt in refuses and changes nothing; a sender without "
                  "aes-256-gcm, a stopped one, or an unknown target gets an error");

  g_signal_connect (target, "control-request", G_CALLBACK (count_audit), &audits);

  /* Not started. */
  g_assert_false (request_and_wait (sender, "0123456789abcdef", DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING);
  g_clear_error (&error);

  test_start_or_fail (target);
  test_start_or_fail (sender);
  test_start_or_fail (legacy);
  g_assert_true (test_wait_for (sees_peer, pair));

  g_assert_false (control_and_wait (sender, target, DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_OPTED_IN);
  g_assert_nonnull (strstr (error->message, "does not accept remote control"));
  g_clear_error (&error);
  g_assert_false (disc_node_get_is_master (disc_discovery_get_me (target)));
  g_assert_cmpuint (audits, ==, 1);

  /* The legacy cipher never sends one. */
  g_assert_false (control_and_wait (legacy, target, DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_NOT_AUTHENTICATED);
  g_clear_error (&error);

  /* Nobody has this id: a timeout, after the protocol's 3 s. */
  g_assert_false (request_and_wait (sender, "00000000000000000000000000000000",
                                    DISC_CONTROL_ACTION_DEMOTE, &error));
  g_assert_error (error, DISC_CONTROL_ERROR, DISC_CONTROL_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* Stopped while waiting. */
  disc_discovery_control_async (sender, "00000000000000000000000000000000",
                                DISC_CONTROL_ACTION_DEMOTE, NULL, on_answer, &answer);
  disc_discovery_stop (sender);
  g_assert_true (test_wait_for (answered, &answer));
  g_assert_error (answer.error, DISC_ERROR, DISC_ERROR_NOT_RUNNING);
  g_clear_error (&answer.error);
}

static void
test_cancel (void)
{
  g_autoptr(DiscDiscovery) sender = make_node (test_free_udp_port (), "aes-256-gcm", KEY, 0.9, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };

  g_test_summary ("A request waiting for its answer can be cancelled");

  test_start_or_fail (sender);
  disc_discovery_control_async (sender, "00000000000000000000000000000000",
                                DISC_CONTROL_ACTION_PROMOTE, cancellable, on_answer, &answer);
  g_cancellable_cancel (cancellable);
  g_assert_true (test_wait_for (answered, &answer));
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&answer.error);
}

static void
test_cancelled_before (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) target = make_node (port, "aes-256-gcm", KEY, 0.1, TRUE);
  g_autoptr(DiscDiscovery) sender = make_node (port, "aes-256-gcm", KEY, 0.9, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  DiscDiscovery *pair[2] = { sender, target };
  Audit audit = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  Answer answer = { 0 };

  g_test_summary ("A request whose cancellable is already cancelled fails with "
                  "G_IO_ERROR_CANCELLED and is never sent: the target does not apply it");
  g_test_bug ("breaker-cancelled-control");

  g_signal_connect (target, "control-request", G_CALLBACK (on_control_request), &audit);
  test_start_or_fail (target);
  test_start_or_fail (sender);
  g_assert_true (test_wait_for (sees_peer, pair));

  g_cancellable_cancel (cancellable);
  disc_discovery_control_async (sender, disc_node_get_id (disc_discovery_get_me (target)),
                                DISC_CONTROL_ACTION_DEMOTE_PERMANENT, cancellable, on_answer, &answer);
  g_assert_true (test_wait_for (answered, &answer));
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&answer.error);

  /* A request sent after it reaches the target after it would have. */
  g_assert_true (control_and_wait (sender, target, DISC_CONTROL_ACTION_PROMOTE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (audit.log->str, ==, "request:promote:accepted;");
  g_assert_true (disc_node_get_is_master_eligible (disc_discovery_get_me (target)));

  g_string_free (audit.log, TRUE);
  g_free (audit.sender);
  g_free (audit.address);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base (TEST_BUG_BASE);

  g_test_add_func ("/remote-control/option-needs-gcm", test_option_needs_gcm);
  g_test_add_func ("/remote-control/channel-reserved", test_channel_reserved);
  g_test_add_func ("/remote-control/promote-demote", test_promote_demote);
  g_test_add_func ("/remote-control/owner-decides", test_owner_decides);
  g_test_add_func ("/remote-control/refused-and-failures", test_refused_and_failures);
  g_test_add_func ("/remote-control/cancel", test_cancel);
  g_test_add_func ("/remote-control/cancelled-before", test_cancelled_before);

  return g_test_run ();
}
