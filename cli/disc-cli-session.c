/* disc-cli-session.c: the main loop of a command, and how it ends
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <signal.h>
#include <glib-unix.h>

#include "disc-cli-session.h"

static gboolean
on_sigint (gpointer user_data)
{
  disc_cli_session_quit (user_data, "SIGINT");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  disc_cli_session_quit (user_data, "SIGTERM");
  return G_SOURCE_CONTINUE;
}

/* The terminal closing: the usual end of a watch run in it. */
static gboolean
on_sighup (gpointer user_data)
{
  disc_cli_session_quit (user_data, "SIGHUP");
  return G_SOURCE_CONTINUE;
}

/* Signal handlers are installed at once, so that a signal that comes
 * while the node starts is handled by the loop, not by the default
 * action that would skip the goodbye. */
DiscCliSession *
disc_cli_session_new (void)
{
  DiscCliSession *self = g_new0 (DiscCliSession, 1);

  self->loop = g_main_loop_new (NULL, FALSE);
  self->signal_ids[0] = g_unix_signal_add (SIGINT, on_sigint, self);
  self->signal_ids[1] = g_unix_signal_add (SIGTERM, on_sigterm, self);
  self->signal_ids[2] = g_unix_signal_add (SIGHUP, on_sighup, self);
  return self;
}

void
disc_cli_session_free (DiscCliSession *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_main_loop_unref (self->loop);
  g_free (self);
}

typedef struct {
  DiscCliSession *session;
  const char     *reason;
} Deadline;

static gboolean
on_deadline (gpointer user_data)
{
  Deadline *deadline = user_data;

  deadline->session->deadline_id = 0;
  disc_cli_session_quit (deadline->session, deadline->reason);
  return G_SOURCE_REMOVE;
}

/* Ends the loop @ms milliseconds from now, with @reason (a static string). */
void
disc_cli_session_set_deadline (DiscCliSession *self,
                               gint64          ms,
                               const char     *reason)
{
  Deadline *deadline = g_new0 (Deadline, 1);

  deadline->session = self;
  deadline->reason = reason;
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  self->deadline_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) CLAMP (ms, 0, G_MAXINT),
                                          on_deadline, deadline, g_free);
}

void
disc_cli_session_run (DiscCliSession *self)
{
  if (self->stop_reason == NULL)
    g_main_loop_run (self->loop);
}

/* @reason is a static string. */
void
disc_cli_session_quit (DiscCliSession *self,
                       const char     *reason)
{
  if (self->stop_reason == NULL)
    self->stop_reason = reason;
  g_main_loop_quit (self->loop);
}
