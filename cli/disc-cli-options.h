/* disc-cli-options.h: the command-line options of `disc`, and the
 * DiscDiscovery they describe
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

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
 *
 * Errors of the command-line tool. Each command reports its failure as
 * one of these, and main() turns it into a message and an exit status.
 */
typedef enum {
  DISC_CLI_ERROR_USAGE,
  DISC_CLI_ERROR_FAILED,
} DiscCliError;

GQuark disc_cli_error_quark (void);

/* Which options a command takes besides the shared ones. */
typedef enum {
  DISC_CLI_WITH_JSON       = 1 << 0,  /* --json */
  DISC_CLI_WITH_LISTING    = 1 << 1,  /* --wait, --announce; listen-only by default */
  DISC_CLI_WITH_SEND_EVERY = 1 << 2,  /* --send-every MS CHANNEL JSON */
  DISC_CLI_WITH_COMMANDS   = 1 << 3,  /* --commands */
} DiscCliExtras;

/* One --send-every MS CHANNEL JSON. */
typedef struct {
  guint     interval_ms;
  char     *channel;
  JsonNode *data;
} DiscCliRepeat;

typedef struct _DiscCliOptions DiscCliOptions;

/* What disc_cli_options_parse() leaves for the commands. The raw strings
 * GOption fills in are private to disc-cli-options.c. */
struct _DiscCliOptions {
  DiscCliExtras extras;
  gboolean      json;
  gboolean      commands;      /* --commands: read commands on standard input */
  gboolean      listen_only;   /* effective: --listen-only, or a listing without --announce */
  gint64        wait_ms;       /* --wait; -1 when not given */
  gint64        for_ms;        /* --for; -1 when not given */
  JsonNode     *advertise;     /* --advertise; NULL when not given */
  GPtrArray    *send_every;    /* of DiscCliRepeat */

  /*< private >*/
  struct _DiscCliRawOptions *raw;
};

DiscCliOptions *disc_cli_options_new             (DiscCliExtras     extras);
void            disc_cli_options_free            (DiscCliOptions   *self);

GOptionContext *disc_cli_options_create_context  (DiscCliOptions   *self,
                                                  const char       *parameter_string,
                                                  const char       *summary,
                                                  const char       *description);
gboolean        disc_cli_options_parse           (DiscCliOptions   *self,
                                                  GOptionContext   *context,
                                                  char           ***args,
                                                  GError          **error);
DiscDiscovery  *disc_cli_options_create_discovery (DiscCliOptions  *self,
                                                  GError          **error);

gboolean        disc_cli_start                   (DiscDiscovery    *discovery,
                                                  GError          **error);
JsonNode       *disc_cli_parse_json              (const char       *text,
                                                  const char       *what,
                                                  GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscCliOptions, disc_cli_options_free)

G_END_DECLS
