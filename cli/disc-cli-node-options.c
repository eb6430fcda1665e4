/* disc-cli-node-options.c: the options of the node every command runs,
 * as one GOptionGroup built from DiscDiscovery's properties
 *
 * A flag that sets a property takes everything else from the property's
 * GParamSpec: a uint its range and default, an enum its values (the nicks
 * of its GEnumClass) and default, a boolean flag the opposite of the
 * default, a string its default. GOption gives every value as text; the
 * group's post-parse hook turns it into the property's type, sets it on
 * the DiscDiscovery and asks the library to check the whole
 * (disc_discovery_check_options()). The library says which property is at
 * fault by the code of its DISC_OPTION_ERROR, and the flag is named from
 * that property: no message is read to find it.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <string.h>

#include "disc-cli-json.h"
#include "disc-cli-keys.h"
#include "disc-cli-node-options.h"
#include "disc-cli-numbers.h"
#include "disc-cli-tool.h"

/* A flag that sets the DiscDiscovery property of its row. */
typedef struct {
  const char *flag;              /* without the leading "--" */
  const char *property;
  const char *arg_description;   /* NULL for an enum (its nicks) or a boolean */
  const char *unit;              /* what a uint counts, for messages */
  const char *help;              /* the default is appended from the property */
} PropertyFlag;

static const PropertyFlag node_flags[] = {
  { "not-eligible", "master-eligible", NULL, NULL, "Never become master" },
  { "listen-only", "listen-only", NULL, NULL, "Send no hellos: see the others without being seen" },
  { "port", "port", "PORT", "a UDP port", "UDP port to bind and to send to" },
  { "address", "address", "ADDRESS", NULL, "IPv4 address to bind to" },
  { "broadcast", "broadcast", "ADDRESS", NULL,
    "Broadcast address to send to (default: that of every interface)" },
  { "multicast", "multicast", "GROUP", NULL,
    "Multicast group to join and send to, instead of broadcasting" },
  { "multicast-ttl", "multicast-ttl", "TTL", "a number of hops",
    "Time to live of multicast datagrams" },
  { "unicast", "unicast", "HOST[:PORT]", NULL,
    "Send to this peer directly instead of broadcasting (repeatable; PORT defaults to --port)" },
  { "no-reuse-address", "reuse-address", NULL, NULL,
    "Do not share the port with other processes (no SO_REUSEADDR)" },
};

/* After the keys, in the help. */
static const PropertyFlag protocol_flags[] = {
  /* A string property, not an enum: the library checks the name. */
  { "algorithm", "algorithm", "ALGORITHM", NULL,
    "Cipher used with a key: aes-256-gcm (authenticated), or aes256, aes192, aes128 "
    "(the npm packages' legacy mode: no integrity)" },
  { "dialect", "dialect", NULL, NULL,
    "Packets to send: node-discovery 0.2's frames, or node-discover 1.x's bare JSON" },
  { "ignore", "ignore", NULL, NULL, "Whose channel messages not to deliver" },
  { "allow-remote-control", "remote-control", NULL, NULL,
    "Let other nodes promote and demote this one (disc promote, disc demote, "
    "disc make-eligible); needs --algorithm aes-256-gcm and a key" },
  { "report-data-errors", "ignore-data-errors", NULL, NULL,
    "Report every dropped packet as an error" },
  { "max-nodes", "max-nodes", "N", "a number of nodes", "Most nodes to keep in the table" },
  { "new-node-rate", "new-node-rate", "N", "a number of nodes per second",
    "New node ids accepted per second from one address; 0 for no limit" },
  { "hello-interval", "hello-interval", "MS", "a number of milliseconds",
    "Milliseconds between hellos" },
  { "check-interval", "check-interval", "MS", "a number of milliseconds",
    "Milliseconds between checks for silent nodes" },
  { "node-timeout", "node-timeout", "MS", "a number of milliseconds",
    "Drop a node not heard from for MS milliseconds" },
  { "master-timeout", "master-timeout", "MS", "a number of milliseconds",
    "Drop a master not heard from for MS milliseconds" },
  { "masters-required", "masters-required", "N", "a number of masters",
    "How many masters should be alive; 0 disables the election" },
  { "weight", "weight", "NUMBER", NULL,
    "Preference for mastership, higher wins: a decimal number such as 0.7 or 1e3 "
    "(default: random in [0, 1))" },
  { "host-name", "host-name", "NAME", NULL,
    "Host name to announce (default: $DISCOVERY_HOSTNAME, else the machine's name)" },
};

#define N_PROPERTY_FLAGS (G_N_ELEMENTS (node_flags) + G_N_ELEMENTS (protocol_flags))

/* What GOption filled in for one PropertyFlag. */
typedef struct {
  const PropertyFlag *flag;
  GParamSpec         *pspec;
  char               *text;      /* a value flag, as given */
  char              **texts;     /* a repeatable one */
  gboolean            given;     /* a boolean one */
} PropertyValue;

struct _DiscCliNodeOptions {
  DiscDiscovery *discovery;
  GArray        *entries;        /* of GOptionEntry, zero-terminated */
  GPtrArray     *strings;        /* help texts and value lists the entries point to */
  PropertyValue  values[N_PROPERTY_FLAGS];
  DiscCliKeys    keys;
  char          *advertise;
  char         **join;
  char          *for_seconds;
  gint64         for_ms;
  const char    *command;        /* the command, for the unused flags' error */
  const char * const *unused;    /* flags it has no use for, or NULL */
};

/* Building the entries */

static const char *
keep (DiscCliNodeOptions *self,
      char               *text)
{
  g_ptr_array_add (self->strings, text);
  return text;
}

static char *
enum_nicks (GType       type,
            const char *separator)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GStrvBuilder) nicks = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < klass->n_values; i++)
    g_strv_builder_add (nicks, klass->values[i].value_nick);
  list = g_strv_builder_end (nicks);
  return g_strjoinv (separator, list);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* Enum classes stay loaded: the nick outlives the reference. */
  return found != NULL ? found->value_nick : NULL;
}

/* The help ends with the property's default, so that it cannot drift
 * from the library. */
static char *
help_with_default (const PropertyFlag *flag,
                   GParamSpec         *pspec)
{
  const GValue *value = g_param_spec_get_default_value (pspec);

  if (strstr (flag->help, "(default") != NULL)
    return g_strdup (flag->help);
  if (G_VALUE_HOLDS_UINT (value))
    return g_strdup_printf ("%s (default %u)", flag->help, g_value_get_uint (value));
  if (G_VALUE_HOLDS_ENUM (value))
    return g_strdup_printf ("%s (default %s)", flag->help,
                            enum_nick (G_VALUE_TYPE (value), g_value_get_enum (value)));
  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    return g_strdup_printf ("%s (default %s)", flag->help, g_value_get_string (value));
  return g_strdup (flag->help);
}

static void
add_property_flags (DiscCliNodeOptions *self,
                    const PropertyFlag *flags,
                    guint               n_flags,
                    guint              *n_values)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (DISC_TYPE_DISCOVERY);

  for (guint i = 0; i < n_flags; i++)
    {
      PropertyValue *value = &self->values[(*n_values)++];
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), flags[i].property);
      GType type;
      GOptionEntry entry = {
        .long_name = flags[i].flag,
        .arg = G_OPTION_ARG_STRING,
        .arg_data = &value->text,
        .arg_description = flags[i].arg_description,
      };

      /* A property the table names and the library lacks is this build's bug. */
      g_assert (pspec != NULL && (pspec->flags & G_PARAM_WRITABLE));
      type = G_PARAM_SPEC_VALUE_TYPE (pspec);
      entry.description = keep (self, help_with_default (&flags[i], pspec));
      value->flag = &flags[i];
      value->pspec = pspec;
      if (type == G_TYPE_BOOLEAN)
        {
          entry.arg = G_OPTION_ARG_NONE;
          entry.arg_data = &value->given;
        }
      else if (type == G_TYPE_STRV)
        {
          entry.arg = G_OPTION_ARG_STRING_ARRAY;
          entry.arg_data = &value->texts;
        }
      else if (G_TYPE_IS_ENUM (type))
        entry.arg_description = keep (self, enum_nicks (type, "|"));
      g_array_append_val (self->entries, entry);
    }
}

DiscCliNodeOptions *
disc_cli_node_options_new (void)
{
  DiscCliNodeOptions *self = g_new0 (DiscCliNodeOptions, 1);
  const GOptionEntry node_entries[] = {
    { "advertise", 0, 0, G_OPTION_ARG_STRING, &self->advertise,
      "Advertise this JSON value in every hello (as info)", "JSON" },
    { "join", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->join,
      "Join CHANNEL and show its messages (repeatable)", "CHANNEL" },
    { "for", 0, 0, G_OPTION_ARG_STRING, &self->for_seconds,
      "Stop cleanly after SECONDS seconds (a decimal number, above 0 and at most 2147483.647)",
      "SECONDS" },
  };
  guint n_values = 0;

  self->discovery = disc_discovery_new ();
  self->for_ms = -1;
  self->entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  self->strings = g_ptr_array_new_with_free_func (g_free);

  g_array_append_vals (self->entries, node_entries, G_N_ELEMENTS (node_entries));
  add_property_flags (self, node_flags, G_N_ELEMENTS (node_flags), &n_values);
  disc_cli_keys_add_entries (&self->keys, self->entries);
  add_property_flags (self, protocol_flags, G_N_ELEMENTS (protocol_flags), &n_values);
  g_assert (n_values == N_PROPERTY_FLAGS);
  return self;
}

void
disc_cli_node_options_free (DiscCliNodeOptions *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->discovery);
  g_array_unref (self->entries);
  g_ptr_array_unref (self->strings);
  for (guint i = 0; i < N_PROPERTY_FLAGS; i++)
    {
      g_free (self->values[i].text);
      g_strfreev (self->values[i].texts);
    }
  disc_cli_keys_clear (&self->keys);
  g_free (self->advertise);
  g_strfreev (self->join);
  g_free (self->for_seconds);
  g_free (self);
}

/* Naming flags from the library's errors */

/* "--FLAG" for @property: the flag that sets it, else one of its name
 * (every flag is named after its property, or says the opposite). */
static char *
flag_of_property (DiscCliNodeOptions *self,
                  const char         *property)
{
  if (g_strcmp0 (property, "key") == 0 && self->keys.source != NULL)
    return g_strdup (self->keys.source);
  for (guint i = 0; i < N_PROPERTY_FLAGS; i++)
    if (strcmp (self->values[i].flag->property, property) == 0)
      return g_strconcat ("--", self->values[i].flag->flag, NULL);
  return g_strconcat ("--", property, NULL);
}

/* @library_error (transfer full), from a call that failed, as the error
 * of a command. An option error becomes a usage error that starts with
 * the flag at fault and, when two options disagree, the other one;
 * another error is passed on. */
static gboolean
fail_with_flag (DiscCliNodeOptions  *self,
                GError              *library_error,
                GError             **error)
{
  g_autoptr(GError) owned = library_error;
  const char *property;
  const char *conflict;
  g_autofree char *flag = NULL;
  g_autofree char *other = NULL;

  if (owned->domain != DISC_OPTION_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&owned));
      return FALSE;
    }
  property = disc_option_error_get_property_name (owned);
  if (property == NULL)
    {
      /* A code newer than the enum this was built with: no flag to name. */
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "%s", owned->message);
      return FALSE;
    }
  conflict = disc_option_error_get_conflict (owned);
  flag = flag_of_property (self, property);
  if (conflict != NULL)
    other = flag_of_property (self, conflict);
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "%s%s%s: %s", flag,
               other != NULL ? " with " : "", other != NULL ? other : "", owned->message);
  return FALSE;
}

/* Checking the values and setting the properties */

/* @text as a value of the enum property @pspec, set by --@flag. */
static gboolean
check_enum (GParamSpec  *pspec,
            const char  *flag,
            const char  *text,
            GValue      *out,
            GError     **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (pspec));
  GEnumValue *found = g_enum_get_value_by_nick (klass, text);
  const GValue *fallback = g_param_spec_get_default_value (pspec);
  g_autofree char *nicks = NULL;

  if (found != NULL)
    {
      g_value_set_enum (out, found->value);
      return TRUE;
    }
  nicks = enum_nicks (G_PARAM_SPEC_VALUE_TYPE (pspec), ", ");
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
               "--%s: “%s” is not one of %s; use --%s %s", flag, text, nicks, flag,
               enum_nick (G_VALUE_TYPE (fallback), g_value_get_enum (fallback)));
  return FALSE;
}

static gboolean
check_empty (const char  *flag,
             const char  *text,
             GError     **error)
{
  if (*text != '\0')
    return TRUE;
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
               "--%s: the value is empty; leave the option out for the default", flag);
  return FALSE;
}

/* @value's text, as the type of its property, in @out. */
static gboolean
check_text (const PropertyValue  *value,
            GValue               *out,
            GError              **error)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (value->pspec);
  const char *flag = value->flag->flag;

  if (type == G_TYPE_UINT)
    {
      GParamSpecUInt *spec = G_PARAM_SPEC_UINT (value->pspec);
      guint64 number;

      if (!disc_cli_parse_whole (flag, value->text, spec->minimum, spec->maximum,
                                 value->flag->unit, &number, error))
        return FALSE;
      g_value_set_uint (out, (guint) number);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      double number;

      if (!disc_cli_parse_decimal (flag, value->text, &number, error))
        return FALSE;
      g_value_set_double (out, number);
    }
  else if (G_TYPE_IS_ENUM (type))
    return check_enum (value->pspec, flag, value->text, out, error);
  else if (type == G_TYPE_STRING)
    {
      if (!check_empty (flag, value->text, error))
        return FALSE;
      g_value_set_string (out, value->text);
    }
  else
    g_assert_not_reached ();
  return TRUE;
}

static gboolean
apply_property (DiscCliNodeOptions   *self,
                const PropertyValue  *value,
                GError              **error)
{
  g_auto(GValue) out = G_VALUE_INIT;
  GType type = G_PARAM_SPEC_VALUE_TYPE (value->pspec);

  g_value_init (&out, type);
  if (type == G_TYPE_BOOLEAN)
    {
      /* A boolean flag says the opposite of the default. */
      if (!value->given)
        return TRUE;
      g_value_set_boolean (&out, !g_value_get_boolean (g_param_spec_get_default_value (value->pspec)));
    }
  else if (type == G_TYPE_STRV)
    {
      if (value->texts == NULL)
        return TRUE;
      for (guint i = 0; value->texts[i] != NULL; i++)
        if (!check_empty (value->flag->flag, value->texts[i], error))
          return FALSE;
      g_value_set_boxed (&out, value->texts);
    }
  else if (value->text == NULL)
    return TRUE;
  else if (!check_text (value, &out, error))
    return FALSE;

  g_object_set_property (G_OBJECT (self->discovery), value->pspec->name, &out);
  return TRUE;
}

static gboolean
apply_channels (DiscCliNodeOptions  *self,
                GError             **error)
{
  for (guint i = 0; self->join != NULL && self->join[i] != NULL; i++)
    {
      g_autoptr(GError) channel_error = NULL;

      if (!disc_channel_name_is_valid (self->join[i], &channel_error))
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--join: cannot join “%s”: %s", self->join[i], channel_error->message);
          return FALSE;
        }
      disc_discovery_join (self->discovery, self->join[i]);
    }
  return TRUE;
}

static gboolean
apply_advertise (DiscCliNodeOptions  *self,
                 GError             **error)
{
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->advertise == NULL)
    return TRUE;
  info = disc_cli_parse_json (self->advertise, "--advertise", error);
  if (info == NULL)
    return FALSE;
  if (!disc_discovery_advertise (self->discovery, info, &local_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--advertise: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The group's post-parse hook: the options as a DiscDiscovery the library
 * finds valid, not started. */
static gboolean
apply (GOptionContext  *context,
       GOptionGroup    *group,
       gpointer         data,
       GError         **error)
{
  DiscCliNodeOptions *self = data;
  GError *library_error = NULL;

  for (guint i = 0; self->unused != NULL && self->unused[i] != NULL; i++)
    if (disc_cli_node_options_given (self, self->unused[i]))
      {
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "--%s: disc %s has no use for it", self->unused[i], self->command);
        return FALSE;
      }
  for (guint i = 0; i < N_PROPERTY_FLAGS; i++)
    if (!apply_property (self, &self->values[i], error))
      return FALSE;
  if (self->for_seconds != NULL &&
      !disc_cli_parse_seconds ("for", self->for_seconds, &self->for_ms, error))
    return FALSE;
  if (!disc_cli_keys_apply (&self->keys, self->discovery, &library_error))
    return fail_with_flag (self, library_error, error);
  if (!apply_advertise (self, error) || !apply_channels (self, error))
    return FALSE;
  if (!disc_discovery_check_options (self->discovery, &library_error))
    return fail_with_flag (self, library_error, error);
  return TRUE;
}

/* The group's error hook: GOption frees what it parsed when parsing
 * fails, and passphrases are wiped first. */
static void
on_parse_error (GOptionContext  *context,
                GOptionGroup    *group,
                gpointer         data,
                GError         **error)
{
  DiscCliNodeOptions *self = data;

  disc_cli_keys_wipe (&self->keys);
}

/**
 * disc_cli_node_options_create_group:
 * @self: the node's options
 * @command_entries: (array zero-terminated=1): the command's own options
 *
 * The main group of a command's GOptionContext: its own options, then
 * the node's. Once parsed, the node's options have been checked and set
 * on the discovery of @self.
 *
 * Returns: (transfer full): a new group that fills in @self
 */
GOptionGroup *
disc_cli_node_options_create_group (DiscCliNodeOptions *self,
                                    const GOptionEntry *command_entries)
{
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, self, NULL);

  g_option_group_add_entries (group, command_entries);
  g_option_group_add_entries (group, (const GOptionEntry *) self->entries->data);
  g_option_group_set_parse_hooks (group, NULL, apply);
  g_option_group_set_error_hook (group, on_parse_error);
  return group;
}

/* Returns: (transfer none) (array zero-terminated=1): the entries of the group */
const GOptionEntry *
disc_cli_node_options_get_entries (DiscCliNodeOptions *self)
{
  return (const GOptionEntry *) self->entries->data;
}

/* Returns: (transfer none): the discovery the options describe, not
 * started; set up once the group was parsed */
DiscDiscovery *
disc_cli_node_options_get_discovery (DiscCliNodeOptions *self)
{
  return self->discovery;
}

static GOptionEntry *
find_entry (DiscCliNodeOptions *self,
            const char         *flag)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      GOptionEntry *entry = &g_array_index (self->entries, GOptionEntry, i);

      if (g_strcmp0 (entry->long_name, flag) == 0)
        return entry;
    }
  g_return_val_if_reached (NULL);
}

/* The flags @command has no use for (@unused, static): left out of the
 * help, and refused before any value is checked, so that a flag a
 * command ignores is never judged against the others. */
void
disc_cli_node_options_set_unused (DiscCliNodeOptions *self,
                                  const char         *command,
                                  const char * const *unused)
{
  self->command = command;
  self->unused = unused;
  for (guint i = 0; unused != NULL && unused[i] != NULL; i++)
    {
      GOptionEntry *entry = find_entry (self, unused[i]);

      if (entry != NULL)
        entry->flags |= G_OPTION_FLAG_HIDDEN;
    }
}

/* A command that only listens unless --announce (disc nodes, services,
 * promote...) has no use for what only a node that is seen has: a hello
 * to carry, a place in the election, peers that may control it. */
gboolean
disc_cli_node_options_check_announce (DiscCliNodeOptions  *self,
                                      gboolean             announce,
                                      GError             **error)
{
  static const char * const announce_flags[] = {
    "advertise", "not-eligible", "weight", "masters-required", "allow-remote-control",
  };

  for (guint i = 0; !announce && i < G_N_ELEMENTS (announce_flags); i++)
    if (disc_cli_node_options_given (self, announce_flags[i]))
      {
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "--%s needs --announce: without it this node sends no hello and "
                     "takes no part in the election", announce_flags[i]);
        return FALSE;
      }
  return TRUE;
}

/* Whether --@flag (a flag of the node's options) was on the command line. */
gboolean
disc_cli_node_options_given (DiscCliNodeOptions *self,
                             const char         *flag)
{
  const GOptionEntry *entry = find_entry (self, flag);

  if (entry == NULL)
    return FALSE;
  switch (entry->arg)
    {
    case G_OPTION_ARG_NONE:
      return *(gboolean *) entry->arg_data;
    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_FILENAME:
    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY:
      return *(gpointer *) entry->arg_data != NULL;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Returns: --for in milliseconds, or -1 when not given */
gint64
disc_cli_node_options_get_for_ms (DiscCliNodeOptions *self)
{
  return self->for_ms;
}

/* Reads a command's --wait (@wait, %NULL when not given) into @wait_ms.
 * By default it is two hello intervals: long enough to hear every live
 * node at least once. */
gboolean
disc_cli_node_options_get_wait_ms (DiscCliNodeOptions  *self,
                                   const char          *wait,
                                   gint64              *wait_ms,
                                   GError             **error)
{
  guint64 ms;
  guint hello_interval;

  if (wait != NULL)
    {
      if (!disc_cli_parse_whole ("wait", wait, 0, G_MAXINT, "a number of milliseconds", &ms, error))
        return FALSE;
      *wait_ms = (gint64) ms;
      return TRUE;
    }
  g_object_get (self->discovery, "hello-interval", &hello_interval, NULL);
  *wait_ms = 2 * (gint64) hello_interval;
  return TRUE;
}

/**
 * disc_cli_node_options_start:
 * @self: parsed options
 * @error: return location for an error
 *
 * Starts the discovery. An option the library refuses only now (an
 * address this host does not have) is a %DISC_CLI_ERROR_USAGE error naming
 * the flag; a port in use or a network failure is %DISC_CLI_ERROR_FAILED.
 */
gboolean
disc_cli_node_options_start (DiscCliNodeOptions  *self,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *address = NULL;
  guint port = 0;
  gboolean reuse = TRUE;

  if (disc_discovery_start (self->discovery, &local_error))
    return TRUE;

  if (local_error->domain == DISC_OPTION_ERROR)
    return fail_with_flag (self, g_steal_pointer (&local_error), error);
  if (!g_error_matches (local_error, DISC_ERROR, DISC_ERROR_ADDRESS_IN_USE) &&
      !g_error_matches (local_error, DISC_ERROR, DISC_ERROR_ADDRESS_SHARED))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  /* The library says who does not share; in the words of the flags. */
  g_object_get (self->discovery, "port", &port, "address", &address, "reuse-address", &reuse, NULL);
  if (local_error->code == DISC_ERROR_ADDRESS_SHARED)
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                 "--port %u: UDP port %u on %s is shared by other processes, and this "
                 "process does not share it: it was started with --no-reuse-address; drop "
                 "--no-reuse-address to join them, or choose another --port",
                 port, port, address);
  else if (!reuse)
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                 "--port %u: UDP port %u on %s is in use by a process that does not share "
                 "it, and this one does not share it either (--no-reuse-address); choose "
                 "another --port", port, port, address);
  else
    g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                 "--port %u: UDP port %u on %s is taken by a socket that does not share it; "
                 "choose another --port, or run every process on that port without "
                 "--no-reuse-address", port, port, address);
  return FALSE;
}
