/* disc-cli-commands.h: the commands of `disc`
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-cli-options.h"

G_BEGIN_DECLS

/**
 * DiscCliCommand:
 * @name: what is typed after `disc`
 * @parameter_string: the positional arguments, for the usage line
 * @summary: one line, for `disc --help` and above the options
 * @description: shown after the options in `disc COMMAND --help`
 * @extras: the options it takes besides the shared ones
 * @run: runs it; @args are the positional arguments left after the
 *   options, the first being the program name. Returns %FALSE with a
 *   %DISC_CLI_ERROR error on failure.
 */
typedef struct {
  const char    *name;
  const char    *parameter_string;
  const char    *summary;
  const char    *description;
  DiscCliExtras  extras;
  gboolean     (*run) (DiscCliOptions  *options,
                       char           **args,
                       GError         **error);
} DiscCliCommand;

extern const DiscCliCommand disc_cli_watch_command;
extern const DiscCliCommand disc_cli_nodes_command;
extern const DiscCliCommand disc_cli_services_command;
extern const DiscCliCommand disc_cli_send_command;

/* Shared by the commands: "unexpected argument" when @args has more than
 * @expected positional arguments after the program name. */
gboolean disc_cli_check_no_more_args (char   **args,
                                      guint    expected,
                                      GError **error);

G_END_DECLS
