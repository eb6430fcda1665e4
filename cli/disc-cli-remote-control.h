/* disc-cli-remote-control.h: what disc promote, demote and make-eligible
 * share: find NODE, send the request, wait for the answer
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-cli-tool.h"

G_BEGIN_DECLS

/* The node's flags the three commands have no use for. */
extern const char * const disc_cli_control_unused_flags[];

/* Parses the options of @command (--wait, --announce, the node's, and
 * --permanent when @permanent_action is not @action), then runs it. */
gboolean disc_cli_run_control (const DiscCliCommand  *command,
                               DiscControlAction      action,
                               DiscControlAction      permanent_action,
                               char                ***args,
                               GError               **error);

/* The part of each command's --help that they share. */
#define DISC_CLI_CONTROL_DESCRIPTION \
  "NODE is a node's full id, a unique prefix of its id, or its host name if\n" \
  "no other node has it; a full id is used even if the node was not heard.\n" \
  "The command listens for --wait milliseconds (default:\n" \
  "two hello intervals; less when NODE is a full id that is heard sooner),\n" \
  "sends the request, and waits up to 3 s for the answer, sending it again\n" \
  "every 500 ms with the same request id (it is applied once).\n" \
  "\n" \
  "Remote control needs --algorithm aes-256-gcm and the cluster's key\n" \
  "(--key, --key-file or $DISC_KEY), and a target that runs with\n" \
  "--allow-remote-control. It listens without sending hellos unless\n" \
  "--announce is given.\n" \
  "\n" \
  "Exit status: 0 when the node accepted, 1 when it refused (the reason is\n" \
  "printed), did not answer, or was not found, 2 on bad usage (including an\n" \
  "empty NODE or one that names several nodes).\n"

G_END_DECLS
