/* example-main.h: run an example's main loop until it is asked to stop
 *
 * Every example runs until Ctrl-C (SIGINT) or SIGTERM, then returns from
 * main so that it can say goodbye to its peers (disc_discovery_stop()).
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib-unix.h>

static gboolean
example_on_quit_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Returns once SIGINT or SIGTERM arrived, not on the default action's
 * abrupt exit, so that the caller's cleanup runs. */
static inline void
example_run_until_signal (GMainLoop *loop)
{
  g_unix_signal_add (SIGINT, example_on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, example_on_quit_signal, loop);
  g_main_loop_run (loop);
}
