/* disc-cli-demote.c: `disc demote NODE [--permanent]`, take mastership
 * from another node
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include "disc-cli-remote-control.h"

static gboolean
run_demote (char   ***args,
            GError  **error)
{
  return disc_cli_run_control (&disc_cli_demote_command, DISC_CONTROL_ACTION_DEMOTE,
                               DISC_CONTROL_ACTION_DEMOTE_PERMANENT, args, error);
}

const DiscCliCommand disc_cli_demote_command = {
  .name = "demote",
  .parameter_string = "NODE",
  .summary = "Make another node stop being master (remote control).",
  .description =
    "Asks NODE to demote itself, as its own demote() would: it hands\n"
    "mastership to the best other eligible node. With --permanent it is never\n"
    "elected again until disc make-eligible.\n"
    "\n"
    DISC_CLI_CONTROL_DESCRIPTION
    "\n"
    "Example:\n"
    "  disc demote db-1 --permanent --algorithm aes-256-gcm --key-file cluster.key",
  .run = run_demote,
  .unused_flags = disc_cli_control_unused_flags,
};
