/* disc-cli-make-eligible.c: `disc make-eligible NODE`, undo a remote
 * permanent demotion
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include "disc-cli-remote-control.h"

static gboolean
run_make_eligible (char   ***args,
                   GError  **error)
{
  return disc_cli_run_control (&disc_cli_make_eligible_command, DISC_CONTROL_ACTION_MAKE_ELIGIBLE,
                               DISC_CONTROL_ACTION_MAKE_ELIGIBLE, args, error);
}

const DiscCliCommand disc_cli_make_eligible_command = {
  .name = "make-eligible",
  .parameter_string = "NODE",
  .summary = "Let a node demoted for good take part in elections again.",
  .description =
    "Asks NODE to become master-eligible again after disc demote --permanent.\n"
    "A node whose own process made it ineligible (disc watch --not-eligible)\n"
    "refuses: that is its owner's decision.\n"
    "\n"
    DISC_CLI_CONTROL_DESCRIPTION
    "\n"
    "Example:\n"
    "  disc make-eligible db-1 --algorithm aes-256-gcm --key-file cluster.key",
  .run = run_make_eligible,
  .unused_flags = disc_cli_control_unused_flags,
};
