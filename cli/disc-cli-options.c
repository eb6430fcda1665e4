/* disc-cli-options.c: the command-line options of `disc`
 *
 * Every option is parsed by GOption into a string first and checked
 * here, so that each mistake is reported with the flag that caused it and
 * what would be accepted. Options that mirror a DiscDiscovery property
 * take their range and default from the property itself.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-options.h"

#define SEND_EVERY_FLAG "--send-every"

G_DEFINE_QUARK (disc-cli-error-quark, disc_cli_error)

/* An option that sets the DiscDiscovery property of the same name. */
typedef struct {
  const char         *flag;      /* without the leading "--" */
  const char         *arg_description;
  GParamSpec         *pspec;
  const char * const *choices;   /* NULL-terminated, or NULL for any value */
  char               *text;      /* as given, filled by GOption */
  GValue              value;     /* parsed; unset when not given */
} PropertyOption;

typedef struct _DiscCliRawOptions {
  GObjectClass *discovery_class;
  GArray       *entries;          /* of GOptionEntry, zero-terminated */
  GPtrArray    *strings;          /* help texts built at run time */
  GPtrArray    *properties;       /* of PropertyOption */

  char        **unicast;
  char        **key;
  char        **key_file;
  char         *advertise;
  char        **join;
  char         *for_seconds;
  char         *wait;
  gboolean      not_eligible;
  gboolean      listen_only;
  gboolean      announce;
  gboolean      no_reuse_address;
  gboolean      report_data_errors;

  GPtrArray    *resolved_keys;    /* from --key, --key-file or $DISC_KEY; the first is primary */
} DiscCliRawOptions;

static const char * const dialect_choices[] = { "wrap", "plain", NULL };
static const char * const ignore_choices[] = { "self", "process", "none", NULL };
static const char * const algorithm_choices[] = { "aes-256-gcm", "aes256", "aes192", "aes128", NULL };

static void
property_option_free (PropertyOption *option)
{
  g_free (option->text);
  if (G_IS_VALUE (&option->value))
    g_value_unset (&option->value);
  g_free (option);
}

static void
repeat_free (DiscCliRepeat *repeat)
{
  g_free (repeat->channel);
  g_clear_pointer (&repeat->data, json_node_unref);
  g_free (repeat);
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static void
wipe_strv (char **texts)
{
  if (texts == NULL)
    return;
  for (guint i = 0; texts[i] != NULL; i++)
    wipe_string (texts[i]);
  g_free (texts);
}

DiscCliOptions *
disc_cli_options_new (DiscCliExtras extras)
{
  DiscCliOptions *self = g_new0 (DiscCliOptions, 1);

  self->extras = extras;
  self->wait_ms = -1;
  self->for_ms = -1;
  self->send_every = g_ptr_array_new_with_free_func ((GDestroyNotify) repeat_free);
  self->raw = g_new0 (DiscCliRawOptions, 1);
  self->raw->discovery_class = g_type_class_ref (DISC_TYPE_DISCOVERY);
  self->raw->entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  self->raw->strings = g_ptr_array_new_with_free_func (g_free);
  self->raw->properties = g_ptr_array_new_with_free_func ((GDestroyNotify) property_option_free);
  return self;
}

void
disc_cli_options_free (DiscCliOptions *self)
{
  DiscCliRawOptions *raw;

  if (self == NULL)
    return;
  raw = self->raw;
  g_type_class_unref (raw->discovery_class);
  g_array_unref (raw->entries);
  g_ptr_array_unref (raw->strings);
  g_ptr_array_unref (raw->properties);
  g_strfreev (raw->unicast);
  wipe_strv (raw->key);
  g_strfreev (raw->key_file);
  g_free (raw->advertise);
  g_strfreev (raw->join);
  g_free (raw->for_seconds);
  g_free (raw->wait);
  g_clear_pointer (&raw->resolved_keys, g_ptr_array_unref);
  g_free (raw);

  g_clear_pointer (&self->advertise, json_node_unref);
  g_ptr_array_unref (self->send_every);
  g_free (self);
}

/* Building the option entries */

static void
add_entry (DiscCliOptions *self,
           const char     *long_name,
           GOptionArg      arg,
           gpointer        arg_data,
           const char     *description,
           const char     *arg_description)
{
  GOptionEntry entry = {
    .long_name = long_name,
    .arg = arg,
    .arg_data = arg_data,
    .description = description,
    .arg_description = arg_description,
  };

  g_array_append_val (self->raw->entries, entry);
}

/* The help of a property option ends with the property's default, so
 * that the help cannot drift from the library. */
static void
add_property (DiscCliOptions     *self,
              const char         *flag,
              const char         *arg_description,
              const char         *help,
              const char * const *choices)
{
  PropertyOption *option = g_new0 (PropertyOption, 1);
  const GValue *default_value;
  char *description = NULL;

  option->flag = flag;
  option->arg_description = arg_description;
  option->pspec = g_object_class_find_property (self->raw->discovery_class, flag);
  option->choices = choices;
  g_assert (option->pspec != NULL);
  g_ptr_array_add (self->raw->properties, option);

  default_value = g_param_spec_get_default_value (option->pspec);
  if (strstr (help, "(default") != NULL)
    description = g_strdup (help);
  else if (G_VALUE_HOLDS_UINT (default_value))
    description = g_strdup_printf ("%s (default %u)", help, g_value_get_uint (default_value));
  else if (G_VALUE_HOLDS_STRING (default_value) && g_value_get_string (default_value) != NULL)
    description = g_strdup_printf ("%s (default %s)", help, g_value_get_string (default_value));
  else
    description = g_strdup (help);
  g_ptr_array_add (self->raw->strings, description);

  add_entry (self, flag, G_OPTION_ARG_STRING, &option->text, description, arg_description);
}

static gboolean
reject_help_only_entry (const char  *option_name,
                        const char  *value,
                        gpointer     data,
                        GError     **error)
{
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
               "%s takes three separate arguments: %s MS CHANNEL JSON, "
               "for example %s 1000 chat '{\"hi\": 1}'",
               SEND_EVERY_FLAG, SEND_EVERY_FLAG, SEND_EVERY_FLAG);
  return FALSE;
}

static void
build_entries (DiscCliOptions *self)
{
  DiscCliRawOptions *raw = self->raw;

  if (raw->entries->len > 0)
    return;

  if (self->extras & DISC_CLI_WITH_JSON)
    add_entry (self, "json", G_OPTION_ARG_NONE, &self->json,
               (self->extras & DISC_CLI_WITH_SEND_EVERY)
               ? "Print one JSON object per line instead of text"
               : "Print JSON instead of a table", NULL);
  if (self->extras & DISC_CLI_WITH_LISTING)
    {
      add_entry (self, "wait", G_OPTION_ARG_STRING, &raw->wait,
                 "Listen for MS milliseconds before listing (default: two hello intervals)", "MS");
      add_entry (self, "announce", G_OPTION_ARG_NONE, &raw->announce,
                 "Send hellos while listening, so that the others see this node too "
                 "(by default it only listens)", NULL);
    }
  /* Only for --help: GOption has no options of three arguments, and would
   * print "--send-every=MS CHANNEL JSON". The real ones are taken out of the
   * arguments before GOption sees them, see extract_send_every(). */
  if (self->extras & DISC_CLI_WITH_SEND_EVERY)
    {
      GOptionEntry entry = {
        .long_name = "send-every MS CHANNEL JSON",
        .flags = G_OPTION_FLAG_NO_ARG,
        .arg = G_OPTION_ARG_CALLBACK,
        .arg_data = (gpointer) reject_help_only_entry,
        .description = "Send JSON on CHANNEL every MS milliseconds, the first at once "
                       "(three separate arguments; repeatable)",
      };
      g_array_append_val (raw->entries, entry);
    }

  if (self->extras & DISC_CLI_WITH_COMMANDS)
    add_entry (self, "commands", G_OPTION_ARG_NONE, &self->commands,
               "Read commands from standard input, one per line: promote, demote "
               "[--permanent], hello, advertise JSON, join CHANNEL, leave CHANNEL, "
               "send CHANNEL JSON, quit", NULL);

  add_entry (self, "advertise", G_OPTION_ARG_STRING, &raw->advertise,
             "Advertise this JSON value in every hello (as info)", "JSON");
  add_entry (self, "join", G_OPTION_ARG_STRING_ARRAY, &raw->join,
             "Join CHANNEL and show its messages (repeatable)", "CHANNEL");
  add_entry (self, "not-eligible", G_OPTION_ARG_NONE, &raw->not_eligible,
             "Never become master", NULL);
  add_entry (self, "listen-only", G_OPTION_ARG_NONE, &raw->listen_only,
             "Send no hellos: see the others without being seen", NULL);
  add_entry (self, "for", G_OPTION_ARG_STRING, &raw->for_seconds,
             "Stop cleanly after SECONDS seconds (a decimal number)", "SECONDS");

  add_property (self, "port", "PORT", "UDP port to bind and to send to", NULL);
  add_property (self, "address", "ADDRESS", "IPv4 address to bind to", NULL);
  add_property (self, "broadcast", "ADDRESS",
                "Broadcast address to send to (default: that of every interface)", NULL);
  add_property (self, "multicast", "GROUP",
                "Multicast group to join and send to, instead of broadcasting", NULL);
  add_property (self, "multicast-ttl", "TTL", "Time to live of multicast datagrams", NULL);
  add_entry (self, "unicast", G_OPTION_ARG_STRING_ARRAY, &raw->unicast,
             "Send to this peer directly instead of broadcasting (repeatable; "
             "PORT defaults to --port)", "HOST[:PORT]");
  add_entry (self, "no-reuse-address", G_OPTION_ARG_NONE, &raw->no_reuse_address,
             "Do not share the port with other processes (no SO_REUSEADDR)", NULL);

  add_entry (self, "key", G_OPTION_ARG_STRING_ARRAY, &raw->key,
             "Encrypt and decrypt packets with this passphrase (default: $DISC_KEY, else none); "
             "repeat it with aes-256-gcm for a keyring: the first key sends, all are accepted",
             "KEY");
  add_entry (self, "key-file", G_OPTION_ARG_FILENAME_ARRAY, &raw->key_file,
             "Read the passphrase from FILE (a trailing newline is stripped); repeatable as --key",
             "FILE");
  add_property (self, "algorithm", "ALGORITHM",
                "Cipher used with a key: aes-256-gcm (authenticated), or aes256, aes192, aes128 "
                "(the npm packages' legacy mode: no integrity)", algorithm_choices);
  add_property (self, "dialect", "wrap|plain",
                "Packets to send: wrap (node-discovery 0.2) or plain (node-discover 1.x)",
                dialect_choices);
  add_property (self, "ignore", "self|process|none",
                "Whose channel messages to ignore", ignore_choices);
  add_entry (self, "report-data-errors", G_OPTION_ARG_NONE, &raw->report_data_errors,
             "Report every dropped packet as an error", NULL);
  add_property (self, "max-nodes", "N", "Most nodes to keep in the table", NULL);
  add_property (self, "new-node-rate", "N",
                "New node ids accepted per second from one address; 0 for no limit", NULL);

  add_property (self, "hello-interval", "MS", "Milliseconds between hellos", NULL);
  add_property (self, "check-interval", "MS",
                "Milliseconds between checks for silent nodes", NULL);
  add_property (self, "node-timeout", "MS",
                "Drop a node not heard from for MS milliseconds", NULL);
  add_property (self, "master-timeout", "MS",
                "Drop a master not heard from for MS milliseconds", NULL);
  add_property (self, "masters-required", "N",
                "How many masters should be alive; 0 disables the election", NULL);
  add_property (self, "weight", "NUMBER",
                "Preference for mastership, higher wins (default: random in [0, 1))", NULL);
  add_property (self, "host-name", "NAME",
                "Host name to announce (default: $DISCOVERY_HOSTNAME, else the machine's name)",
                NULL);
}

GOptionContext *
disc_cli_options_create_context (DiscCliOptions *self,
                                 const char     *parameter_string,
                                 const char     *summary,
                                 const char     *description)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  build_entries (self);
  g_option_context_add_main_entries (context, (GOptionEntry *) self->raw->entries->data, NULL);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  return context;
}

/* Checking values */

static gboolean
parse_whole (const char  *flag,
             const char  *text,
             guint64      min,
             guint64      max,
             const char  *unit,
             guint64     *out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "--%s: %s is out of range; give %s from %" G_GUINT64_FORMAT
                     " to %" G_GUINT64_FORMAT, flag, text, unit, min, max);
      else
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "--%s: “%s” is not a whole number; give %s from %"
                     G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, flag, text, unit, min, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_decimal (const char  *text,
               double      *out)
{
  char *end = NULL;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*out);
}

static const char *
unit_of (PropertyOption *option)
{
  static const struct { const char *flag, *unit; } units[] = {
    { "port", "a UDP port" },
    { "multicast-ttl", "a number of hops" },
    { "masters-required", "a number of masters" },
    { "max-nodes", "a number of nodes" },
  };

  if (g_strcmp0 (option->arg_description, "MS") == 0)
    return "a number of milliseconds";
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (option->flag, units[i].flag) == 0)
      return units[i].unit;
  return "a whole number";
}

static gboolean
check_property (PropertyOption  *option,
                GError         **error)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (option->pspec);
  const char *text = option->text;

  if (text == NULL)
    return TRUE;

  if (option->choices != NULL && !g_strv_contains (option->choices, text))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) option->choices);

      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: “%s” is not one of %s; use --%s %s", option->flag, text, list,
                   option->flag, option->choices[0]);
      return FALSE;
    }

  g_value_init (&option->value, type);
  if (type == G_TYPE_UINT)
    {
      GParamSpecUInt *spec = G_PARAM_SPEC_UINT (option->pspec);
      guint64 number;

      if (!parse_whole (option->flag, text, spec->minimum, spec->maximum, unit_of (option),
                        &number, error))
        return FALSE;
      g_value_set_uint (&option->value, (guint) number);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double number;

      if (!parse_decimal (text, &number))
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--%s: “%s” is not a number; give a decimal number such as 0.5",
                       option->flag, text);
          return FALSE;
        }
      g_value_set_double (&option->value, number);
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);
      GEnumValue *value = g_enum_get_value_by_nick (klass, text);

      if (value == NULL)
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--%s: “%s” is not a valid value", option->flag, text);
          return FALSE;
        }
      g_value_set_enum (&option->value, value->value);
    }
  else if (type == G_TYPE_STRING)
    {
      if (*text == '\0')
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--%s: the value is empty; leave the option out for the default",
                       option->flag);
          return FALSE;
        }
      g_value_set_string (&option->value, text);
    }
  else
    g_assert_not_reached ();
  return TRUE;
}

static gboolean
contains_non_finite (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (contains_non_finite (member))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (contains_non_finite (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE &&
             !isfinite (json_node_get_double (node));
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

/**
 * disc_cli_parse_json:
 * @text: JSON text
 * @what: what @text is, for the message: the flag or the argument
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Parses a JSON value given on the command line. The error states the line
 * and the column of the mistake, as json-glib found them.
 *
 * Returns: (transfer full): the value
 */
JsonNode *
disc_cli_parse_json (const char  *text,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s is not valid JSON: it is not UTF-8 text", what);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT". */
      const char *message = local_error->message;
      guint line = 0, column = 0;
      int consumed = 0;

      if (g_str_has_prefix (message, "<data>:") &&
          sscanf (message + strlen ("<data>:"), "%u:%u: %n", &line, &column, &consumed) == 2 &&
          consumed > 0)
        {
          const char *rest = message + strlen ("<data>:") + consumed;

          if (g_str_has_prefix (rest, "Parse error: "))
            rest += strlen ("Parse error: ");
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "%s is not valid JSON: error at line %u, column %u: %s",
                       what, line, column, rest);
        }
      else
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "%s is not valid JSON: %s", what, message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s is empty; give a JSON value such as {} or \"text\"", what);
      return NULL;
    }
  if (contains_non_finite (root))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s has a number too large for JSON (it would be sent as infinity)", what);
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* --send-every MS CHANNEL JSON, taken out of the arguments before GOption
 * sees them (it has no options of three arguments). Values of the other
 * options are skipped, so that "--host-name --send-every" stays a host
 * name, and nothing after "--" is looked at. */

static gboolean
entry_takes_value (const GOptionEntry *entry)
{
  if (entry->arg == G_OPTION_ARG_NONE)
    return FALSE;
  if (entry->arg == G_OPTION_ARG_CALLBACK && (entry->flags & G_OPTION_FLAG_NO_ARG))
    return FALSE;
  return !(entry->flags & G_OPTION_FLAG_OPTIONAL_ARG);
}

/* The entry of "--name" or "--name=value", or NULL. */
static const GOptionEntry *
find_entry (DiscCliOptions *self,
            const char     *arg)
{
  gsize len;

  if (!g_str_has_prefix (arg, "--"))
    return NULL;
  arg += 2;
  len = strcspn (arg, "=");
  for (guint i = 0; i < self->raw->entries->len; i++)
    {
      GOptionEntry *entry = &g_array_index (self->raw->entries, GOptionEntry, i);

      if (strlen (entry->long_name) == len && strncmp (entry->long_name, arg, len) == 0)
        return entry;
    }
  return NULL;
}

static gboolean
is_option (DiscCliOptions *self,
           const char     *arg)
{
  return find_entry (self, arg) != NULL || g_str_has_prefix (arg, SEND_EVERY_FLAG) ||
         strcmp (arg, "--help") == 0;
}

static gboolean
option_takes_value (DiscCliOptions *self,
                    const char     *arg)
{
  const GOptionEntry *entry = find_entry (self, arg);

  return entry != NULL && strchr (arg, '=') == NULL && entry_takes_value (entry);
}

static gboolean
parse_send_every (DiscCliOptions  *self,
                  const char      *interval,
                  const char      *channel,
                  const char      *json,
                  GError         **error)
{
  g_autoptr(GError) channel_error = NULL;
  DiscCliRepeat *repeat;
  const char *values[] = { interval, channel, json };
  guint64 ms;
  JsonNode *data;

  /* "--send-every 500 chat --port 2000": the JSON was forgotten. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_has_prefix (values[i], "--") && is_option (self, values[i]))
      {
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "%s needs three arguments, MS CHANNEL JSON, and “%s” is an option; "
                     "for example %s 1000 chat '{\"hi\": 1}'",
                     SEND_EVERY_FLAG, values[i], SEND_EVERY_FLAG);
        return FALSE;
      }

  if (!g_ascii_string_to_unsigned (interval, 10, 1, G_MAXINT, &ms, NULL))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s: “%s” is not a whole number of milliseconds from 1 to %d; "
                   "use %s MS CHANNEL JSON, for example %s 1000 chat '{\"hi\": 1}'",
                   SEND_EVERY_FLAG, interval, G_MAXINT, SEND_EVERY_FLAG, SEND_EVERY_FLAG);
      return FALSE;
    }
  if (!disc_channel_name_is_valid (channel, &channel_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s: cannot send on “%s”: %s", SEND_EVERY_FLAG, channel, channel_error->message);
      return FALSE;
    }
  data = disc_cli_parse_json (json, "the JSON of " SEND_EVERY_FLAG, error);
  if (data == NULL)
    return FALSE;

  repeat = g_new0 (DiscCliRepeat, 1);
  repeat->interval_ms = (guint) ms;
  repeat->channel = g_strdup (channel);
  repeat->data = data;
  g_ptr_array_add (self->send_every, repeat);
  return TRUE;
}

static gboolean
extract_send_every (DiscCliOptions   *self,
                    char           ***args,
                    GError          **error)
{
  char **argv = *args;
  guint argc = g_strv_length (argv);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

  for (guint i = 0; i < argc; i++)
    {
      const char *arg = argv[i];

      if (i == 0)
        g_strv_builder_add (kept, arg);
      else if (strcmp (arg, "--") == 0)
        {
          for (; i < argc; i++)
            g_strv_builder_add (kept, argv[i]);
        }
      else if (g_str_has_prefix (arg, SEND_EVERY_FLAG "="))
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "%s takes three separate arguments: %s MS CHANNEL JSON, "
                       "for example %s 1000 chat '{\"hi\": 1}'",
                       SEND_EVERY_FLAG, SEND_EVERY_FLAG, SEND_EVERY_FLAG);
          return FALSE;
        }
      else if (strcmp (arg, SEND_EVERY_FLAG) == 0)
        {
          if (i + 3 >= argc)
            {
              g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "%s needs three arguments: %s MS CHANNEL JSON, "
                           "for example %s 1000 chat '{\"hi\": 1}'",
                           SEND_EVERY_FLAG, SEND_EVERY_FLAG, SEND_EVERY_FLAG);
              return FALSE;
            }
          if (!parse_send_every (self, argv[i + 1], argv[i + 2], argv[i + 3], error))
            return FALSE;
          i += 3;
        }
      else
        {
          g_strv_builder_add (kept, arg);
          if (option_takes_value (self, arg) && i + 1 < argc)
            g_strv_builder_add (kept, argv[++i]);
        }
    }

  g_strfreev (*args);
  *args = g_strv_builder_end (kept);
  return TRUE;
}

/* One passphrase from --key-file: the whole file but a trailing newline. */
static char *
read_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s; give a readable file holding the key", local_error->message);
      return NULL;
    }
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';
  if (memchr (contents, '\0', length) != NULL)
    {
      explicit_bzero (contents, length);
      g_free (contents);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s holds a NUL byte; a key is text", display);
      return NULL;
    }
  if (length == 0)
    {
      g_free (contents);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key-file: %s is empty; put the key in it, or leave --key-file out",
                   display);
      return NULL;
    }
  return contents;
}

/* Collects the keyring in the order given: --key values or --key-file
 * contents (not both: their relative order would be lost), else $DISC_KEY. */
static gboolean
resolve_keys (DiscCliOptions  *self,
              GError         **error)
{
  DiscCliRawOptions *raw = self->raw;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) wipe_string);
  const char *from_environment;

  if (raw->key != NULL && raw->key_file != NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--key and --key-file were both given; give only one of them");
      return FALSE;
    }
  for (guint i = 0; raw->key != NULL && raw->key[i] != NULL; i++)
    {
      if (*raw->key[i] == '\0')
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--key: the key is empty; leave --key out for no encryption");
          return FALSE;
        }
      g_ptr_array_add (keys, g_strdup (raw->key[i]));
    }
  for (guint i = 0; raw->key_file != NULL && raw->key_file[i] != NULL; i++)
    {
      char *contents = read_key_file (raw->key_file[i], error);

      if (contents == NULL)
        return FALSE;
      g_ptr_array_add (keys, contents);
    }
  from_environment = g_getenv ("DISC_KEY");
  if (keys->len == 0 && from_environment != NULL && *from_environment != '\0')
    g_ptr_array_add (keys, g_strdup (from_environment));
  if (keys->len > 0)
    raw->resolved_keys = g_steal_pointer (&keys);
  return TRUE;
}

static gboolean
parse_seconds (const char  *flag,
               const char  *text,
               gint64      *out_ms,
               GError     **error)
{
  double seconds;

  if (!parse_decimal (text, &seconds) || seconds <= 0 || seconds * 1000.0 > G_MAXINT)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: “%s” is not a number of seconds; give a positive number "
                   "such as 10 or 0.5", flag, text);
      return FALSE;
    }
  *out_ms = (gint64) ceil (seconds * 1000.0);
  return TRUE;
}

/**
 * disc_cli_options_parse:
 * @self: the options
 * @context: from disc_cli_options_create_context()
 * @args: (inout): the arguments, the first being the command; on return
 *   the positional arguments that are left
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Parses and checks the options. Handles --help itself (and exits).
 */
gboolean
disc_cli_options_parse (DiscCliOptions   *self,
                        GOptionContext   *context,
                        char           ***args,
                        GError          **error)
{
  DiscCliRawOptions *raw = self->raw;
  g_autoptr(GError) local_error = NULL;

  build_entries (self);
  if ((self->extras & DISC_CLI_WITH_SEND_EVERY) && !extract_send_every (self, args, error))
    return FALSE;

  if (!g_option_context_parse_strv (context, args, &local_error))
    {
      if (local_error->domain == DISC_CLI_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "%s", local_error->message);
      return FALSE;
    }

  /* GOption leaves the "--" that ended the options when an argument after
   * it starts with "-" (disc send chat -- -1); it is no argument. */
  for (guint i = 1; (*args)[i] != NULL; i++)
    if (strcmp ((*args)[i], "--") == 0)
      {
        g_free ((*args)[i]);
        memmove (&(*args)[i], &(*args)[i + 1], (g_strv_length (*args + i + 1) + 1) * sizeof (char *));
        break;
      }

  for (guint i = 0; i < raw->properties->len; i++)
    if (!check_property (raw->properties->pdata[i], error))
      return FALSE;

  if (raw->unicast != NULL)
    for (guint i = 0; raw->unicast[i] != NULL; i++)
      if (*raw->unicast[i] == '\0')
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--unicast: the value is empty; give HOST or HOST:PORT");
          return FALSE;
        }

  if (!resolve_keys (self, error))
    return FALSE;

  if (raw->advertise != NULL)
    {
      self->advertise = disc_cli_parse_json (raw->advertise, "--advertise", error);
      if (self->advertise == NULL)
        return FALSE;
    }

  if (raw->join != NULL)
    for (guint i = 0; raw->join[i] != NULL; i++)
      {
        g_autoptr(GError) channel_error = NULL;

        if (!disc_channel_name_is_valid (raw->join[i], &channel_error))
          {
            g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                         "--join: cannot join “%s”: %s", raw->join[i], channel_error->message);
            return FALSE;
          }
      }

  if (raw->for_seconds != NULL && !parse_seconds ("for", raw->for_seconds, &self->for_ms, error))
    return FALSE;

  if (raw->wait != NULL)
    {
      guint64 ms;

      if (!parse_whole ("wait", raw->wait, 0, G_MAXINT, "a number of milliseconds", &ms, error))
        return FALSE;
      self->wait_ms = (gint64) ms;
    }

  if (self->extras & DISC_CLI_WITH_LISTING)
    {
      if (raw->announce && raw->listen_only)
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--announce and --listen-only contradict each other; give only one "
                       "(listing is listen-only by default)");
          return FALSE;
        }
      self->listen_only = !raw->announce;
    }
  else
    self->listen_only = raw->listen_only;

  return TRUE;
}

/**
 * disc_cli_options_create_discovery:
 * @self: parsed options
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Returns: (transfer full): a discovery set up as the options say, not started
 */
DiscDiscovery *
disc_cli_options_create_discovery (DiscCliOptions  *self,
                                   GError         **error)
{
  DiscCliRawOptions *raw = self->raw;
  g_autoptr(DiscDiscovery) discovery = disc_discovery_new ();

  for (guint i = 0; i < raw->properties->len; i++)
    {
      PropertyOption *option = raw->properties->pdata[i];

      if (G_IS_VALUE (&option->value))
        g_object_set_property (G_OBJECT (discovery), option->flag, &option->value);
    }
  if (raw->unicast != NULL)
    g_object_set (discovery, "unicast", raw->unicast, NULL);
  if (raw->resolved_keys != NULL)
    {
      const char *flag = raw->key_file != NULL ? "--key-file" : "--key";
      g_autofree char *algorithm = NULL;

      g_object_get (discovery, "algorithm", &algorithm, NULL);
      g_object_set (discovery, "key", raw->resolved_keys->pdata[0], NULL);
      /* The others join the keyring: accepted, not sent with (aes-256-gcm only). */
      for (guint i = 1; i < raw->resolved_keys->len; i++)
        {
          g_autoptr(GError) local_error = NULL;

          if (g_strcmp0 (algorithm, "aes-256-gcm") != 0)
            {
              g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "%s was given %u times; a keyring of several keys needs "
                           "--algorithm aes-256-gcm", flag, raw->resolved_keys->len);
              return NULL;
            }
          if (!disc_discovery_add_key (discovery, raw->resolved_keys->pdata[i], &local_error))
            {
              g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "%s: %s", flag, local_error->message);
              return NULL;
            }
        }
    }
  if (raw->no_reuse_address)
    g_object_set (discovery, "reuse-address", FALSE, NULL);
  if (raw->report_data_errors)
    g_object_set (discovery, "ignore-data-errors", FALSE, NULL);
  if (raw->not_eligible)
    g_object_set (discovery, "master-eligible", FALSE, NULL);
  g_object_set (discovery, "listen-only", self->listen_only, NULL);

  if (self->advertise != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!disc_discovery_advertise (discovery, self->advertise, &local_error))
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--advertise: %s", local_error->message);
          return NULL;
        }
    }
  if (raw->join != NULL)
    for (guint i = 0; raw->join[i] != NULL; i++)
      disc_discovery_join (discovery, raw->join[i]);

  return g_steal_pointer (&discovery);
}

/**
 * disc_cli_start:
 * @discovery: a discovery from disc_cli_options_create_discovery()
 * @error: return location for an error
 *
 * Starts @discovery. A bad option is a %DISC_CLI_ERROR_USAGE error naming
 * the flag; a port in use or a network failure is %DISC_CLI_ERROR_FAILED.
 */
gboolean
disc_cli_start (DiscDiscovery  *discovery,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (disc_discovery_start (discovery, &local_error))
    return TRUE;

  if (local_error->domain == DISC_OPTION_ERROR)
    {
      /* Each flag is named after the property it sets. */
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "--%s",
                   local_error->message);
    }
  else if (g_error_matches (local_error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE))
    {
      g_autofree char *address = NULL;
      guint port = 0;

      g_object_get (discovery, "port", &port, "address", &address, NULL);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                   "--port %u: UDP port %u on %s is taken by a socket that does not share it; "
                   "choose another --port, or run every process on that port without "
                   "--no-reuse-address", port, port, address);
    }
  else
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s", local_error->message);
  return FALSE;
}
