/* disc-cli-session.h: the main loop of a command, and how it ends
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A main loop that ends on SIGINT, SIGTERM or SIGHUP, at a deadline, or when a
 * command asks. The first reason given is kept. */
typedef struct {
  GMainLoop  *loop;
  guint       signal_ids[3];
  guint       deadline_id;
  const char *stop_reason;
} DiscCliSession;

DiscCliSession *disc_cli_session_new          (void);
void            disc_cli_session_free         (DiscCliSession *self);
void            disc_cli_session_set_deadline (DiscCliSession *self,
                                               gint64          ms,
                                               const char     *reason);
void            disc_cli_session_run          (DiscCliSession *self);
void            disc_cli_session_quit         (DiscCliSession *self,
                                               const char     *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscCliSession, disc_cli_session_free)

G_END_DECLS
