/* disc-cli-promote.c: `disc promote NODE`, make another node master
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include "disc-cli-remote-control.h"

static gboolean
run_promote (char   ***args,
             GError  **error)
{
  return disc_cli_run_control (&disc_cli_promote_command, DISC_CONTROL_ACTION_PROMOTE,
                               DISC_CONTROL_ACTION_PROMOTE, args, error);
}

const DiscCliCommand disc_cli_promote_command = {
  .name = "promote",
  .parameter_string = "NODE",
  .summary = "Make another node master (remote control).",
  .description =
    "Asks NODE to promote itself, as its own promote() would: the masters\n"
    "elected automatically step down for it. A node that is not master-eligible\n"
    "refuses (make it eligible first).\n"
    "\n"
    DISC_CLI_CONTROL_DESCRIPTION
    "\n"
    "Example:\n"
    "  disc promote db-2 --algorithm aes-256-gcm --key-file cluster.key",
  .run = run_promote,
  .unused_flags = disc_cli_control_unused_flags,
};
