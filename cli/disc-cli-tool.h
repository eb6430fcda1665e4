/* disc-cli-tool.h: what every command of `disc` shares
 *
 * Each command lives in its own file (disc-cli-watch.c, disc-cli-list.c,
 * disc-cli-send.c) with its own option entries; the options of the node
 * come from the shared group of disc-cli-node-options.c. A new command is
 * a DiscCliCommand in a new file, listed in commands[] of disc.c and in
 * meson.build; its run() builds its entries on the stack and calls
 * disc_cli_parse().
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

#include "disc-cli-node-options.h"

G_BEGIN_DECLS

/* Exit statuses of every command. */
enum {
  DISC_CLI_EXIT_OK = 0,
  DISC_CLI_EXIT_FAILURE = 1,
  DISC_CLI_EXIT_USAGE = 2,
};

#define DISC_CLI_ERROR (disc_cli_error_quark ())

/**
 * DiscCliError:
 * @DISC_CLI_ERROR_USAGE: the command line is wrong; exit status 2
 * @DISC_CLI_ERROR_FAILED: something failed at run time; exit status 1
 * @DISC_CLI_ERROR_SAID: something failed at run time and the command has
 *   said what already (in its own form, such as JSON); exit status 1,
 *   nothing more printed
 *
 * Errors of the command-line tool. Each command reports its failure as
 * one of these, and main() turns it into a message and an exit status.
 */
typedef enum {
  DISC_CLI_ERROR_USAGE,
  DISC_CLI_ERROR_FAILED,
  DISC_CLI_ERROR_SAID,
} DiscCliError;

GQuark disc_cli_error_quark (void);

/**
 * DiscCliCommand:
 * @name: what is typed after `disc`
 * @parameter_string: the positional arguments, for the usage line
 * @summary: one line, for `disc --help` and above the options
 * @description: shown after the options in `disc COMMAND --help`
 * @run: parses its own options (with disc_cli_parse()) and runs. @args
 *   holds the arguments after the command name, the first being the
 *   program name ("disc watch"); --help prints the help and exits.
 *   Returns %FALSE with a %DISC_CLI_ERROR error on failure.
 * @unused_flags: (nullable) (array zero-terminated=1): the flags of the
 *   node's options (without "--") that this command has no use for:
 *   left out of its help, and refused when given rather than ignored
 */
typedef struct {
  const char *name;
  const char *parameter_string;
  const char *summary;
  const char *description;
  gboolean  (*run) (char   ***args,
                    GError  **error);
  const char * const *unused_flags;
} DiscCliCommand;

extern const DiscCliCommand disc_cli_watch_command;
extern const DiscCliCommand disc_cli_nodes_command;
extern const DiscCliCommand disc_cli_services_command;
extern const DiscCliCommand disc_cli_send_command;
#if DISC_HAS_ETCD
extern const DiscCliCommand disc_cli_bridge_command;
#endif
extern const DiscCliCommand disc_cli_promote_command;
extern const DiscCliCommand disc_cli_demote_command;
extern const DiscCliCommand disc_cli_make_eligible_command;

gboolean            disc_cli_parse              (const DiscCliCommand  *command,
                                                 const GOptionEntry    *entries,
                                                 DiscCliNodeOptions    *node,
                                                 char                ***args,
                                                 GError               **error);
const GOptionEntry *disc_cli_find_entry         (const GOptionEntry * const *tables,
                                                 const char                 *arg);
gboolean            disc_cli_check_no_more_args (char                 **args,
                                                 guint                  expected,
                                                 const char            *hint,
                                                 GError               **error);

G_END_DECLS
