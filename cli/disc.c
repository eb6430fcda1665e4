/* disc.c: the `disc` command-line tool: watch the LAN, list nodes and
 * services, send messages
 *
 *   disc COMMAND [OPTION…]
 *
 * main() picks the command, which parses its own options (see
 * disc-cli-tool.h), and turns its result into a message and an exit
 * status: 0 success, 1 failure at run time, 2 bad usage.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-tool.h"

static const DiscCliCommand * const commands[] = {
  &disc_cli_watch_command,
  &disc_cli_nodes_command,
  &disc_cli_services_command,
  &disc_cli_send_command,
#if DISC_HAS_ETCD
  &disc_cli_bridge_command,
#endif
  &disc_cli_promote_command,
  &disc_cli_demote_command,
  &disc_cli_make_eligible_command,
};

static const DiscCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

static char *
command_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (i > 0)
        g_string_append (list, i + 1 == G_N_ELEMENTS (commands) ? " and " : ", ");
      g_string_append (list, commands[i]->name);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
print_main_help (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  disc COMMAND [OPTION…]\n"
           "\n"
           "Discover processes on the LAN that speak node-discovery 0.2: see who is\n"
           "there, who is master, what they advertise, and talk on channels.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-15s%s\n", commands[i]->name, commands[i]->summary);
  fprintf (stream,
           "  %-15s%s\n"
           "\n"
           "Options:\n"
           "  -h, --help   Show this help\n"
           "  --version    Show the version\n"
           "\n"
           "Run “disc COMMAND --help” for the options of a command; they are given\n"
           "after the command. With no network option, nodes broadcast on every\n"
           "interface on UDP port 12345: use them on networks you own.\n"
           "\n"
           "Exit status: 0 on success, 1 on a failure at run time, 2 on bad usage.\n",
           "help", "Show the help of a command: disc help COMMAND");
}

/* "disc watch" for `disc watch …` and `disc help watch`, else "disc":
 * GOption's usage line and every message start with it. Set once, as
 * GLib wants. */
static void
set_prgname (int    argc,
             char **argv)
{
  const DiscCliCommand *command = NULL;
  g_autofree char *prgname = NULL;

  if (argc > 1)
    command = find_command (argv[1]);
  if (command == NULL && argc > 2 && strcmp (argv[1], "help") == 0)
    command = find_command (argv[2]);
  prgname = command != NULL ? g_strdup_printf ("disc %s", command->name) : g_strdup ("disc");
  g_set_prgname (prgname);
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("disc: %s\n", message);
  return DISC_CLI_EXIT_USAGE;
}

static int
report (const GError *error)
{
  if (error->domain == DISC_CLI_ERROR && error->code == DISC_CLI_ERROR_USAGE)
    {
      g_printerr ("%s: %s (see “%s --help”)\n", g_get_prgname (), error->message, g_get_prgname ());
      return DISC_CLI_EXIT_USAGE;
    }
  if (!(error->domain == DISC_CLI_ERROR && error->code == DISC_CLI_ERROR_SAID))
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return DISC_CLI_EXIT_FAILURE;
}

/* Runs @command with the arguments after its name; @argv[0] is the name. */
static int
run_command (const DiscCliCommand *command,
             int                   argc,
             char                **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);

  args[0] = g_strdup (g_get_prgname ());
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!command->run (&args, &error))
    return report (error);
  return DISC_CLI_EXIT_OK;
}

static int
run_help (int    argc,
          char **argv)
{
  const DiscCliCommand *command;
  g_autofree char *list = command_list ();
  char *help_argv[] = { argv[1], "--help", NULL };

  if (argc < 2)
    {
      print_main_help (stdout);
      return DISC_CLI_EXIT_OK;
    }
  if (argc > 2)
    return usage_error ("help takes one command, for example: disc help watch");
  command = find_command (argv[1]);
  if (command == NULL)
    return usage_error ("no command “%s”; the commands are %s", argv[1], list);

  /* As `disc COMMAND --help`: GOption prints the help and exits. */
  return run_command (command, G_N_ELEMENTS (help_argv) - 1, help_argv);
}

int
main (int    argc,
      char **argv)
{
  const DiscCliCommand *command;
  g_autofree char *list = NULL;

  setlocale (LC_ALL, "");
  setvbuf (stdout, NULL, _IOLBF, 0);
  /* A reader that goes away (disc watch | head) is a write error to
   * handle, with a goodbye, rather than a signal that kills the node. */
  signal (SIGPIPE, SIG_IGN);
  set_prgname (argc, argv);

  list = command_list ();
  if (argc < 2)
    return usage_error ("give a command: %s (see “disc --help”)", list);

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "-?") == 0)
    {
      print_main_help (stdout);
      return DISC_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("disc %s\n", DISC_CLI_VERSION);
      return DISC_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "help") == 0)
    return run_help (argc - 1, argv + 1);
  if (argv[1][0] == '-')
    return usage_error ("“%s” is not a command; options go after the command, "
                        "as in: disc watch %s (see “disc --help”)", argv[1], argv[1]);

  command = find_command (argv[1]);
  if (command == NULL)
    return usage_error ("unknown command “%s”; the commands are %s (see “disc --help”)",
                        argv[1], list);
  return run_command (command, argc - 1, argv + 1);
}
