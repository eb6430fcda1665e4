/* disc-cli-output.c: what `disc` prints, as text or as JSON
 *
 * JSON output is one compact object (or, for listings, one value) per
 * line, for programs. Text output is for people; everything in it that
 * came off the network is stripped of control characters first, so that a
 * peer cannot send escape sequences to the terminal.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "disc-cli-output.h"
#include "disc-cli-tool.h"

#define SHORT_ID_LENGTH   8
#define INFO_SUMMARY_CHARS 40

void
disc_cli_printer_init (DiscCliPrinter *self,
                       FILE           *stream,
                       gboolean        json)
{
  self->stream = stream;
  self->json = json;
  self->write_errno = 0;
}

static gboolean
write_line (DiscCliPrinter *self,
            const char     *line)
{
  if (self->write_errno != 0)
    return FALSE;
  errno = 0;
  if (fputs (line, self->stream) < 0 || fputc ('\n', self->stream) == EOF ||
      fflush (self->stream) != 0)
    {
      self->write_errno = errno != 0 ? errno : EIO;
      return FALSE;
    }
  return TRUE;
}

/* JSON */

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* JSON is written here rather than by json-glib 1.6, whose generator
 * leaves U+001F raw in strings, writes 1e21 as "1e+21.0" and infinity as
 * "inf.0": each line must parse with any strict JSON parser. Numbers JSON
 * cannot hold (1e999 off the network parses as infinity) become null, as
 * JSON.stringify makes them; doubles get the shortest text that reads
 * back the same; members keep their order. */
static void append_json (GString *out, JsonNode *node);

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_json_double (GString *out,
                    double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

static void
append_json (GString  *out,
             JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_json_string (out, name);
            g_string_append_c (out, ':');
            append_json (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_json (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_json_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_json_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

static char *
json_text (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  if (node != NULL)
    append_json (out, node);
  else
    g_string_append (out, "null");
  return g_string_free (out, FALSE);
}

static JsonObject *
event_object (const char *event)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "event", event);
  json_object_set_int_member (object, "time", now_ms ());
  return object;
}

static gboolean
write_json (DiscCliPrinter *self,
            JsonNode       *root)
{
  g_autofree char *text = json_text (root);

  return write_line (self, text);
}

/* Takes @object. */
static gboolean
write_json_object (DiscCliPrinter *self,
                   JsonObject     *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return write_json (self, root);
}

/* Text */

/* Control characters are shown escaped (C0 and DEL as \xNN, C1 and the
 * line and paragraph separators as \uNNNN), and bad UTF-8 as U+FFFD. */
static char *
printable (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("?");
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          if (c < 0x80)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_printf (out, "\\u%04x", c);
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
clock_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *hms = g_date_time_format (now, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (now) / 1000);
}

static const char *
role_of (DiscNode *node)
{
  if (disc_node_get_is_master (node))
    return "master";
  if (disc_node_get_is_master_eligible (node))
    return "eligible";
  return "not-eligible";
}

static char *
short_id_of (DiscNode *node)
{
  g_autofree char *id = printable (disc_node_get_id (node));

  if (g_utf8_strlen (id, -1) > SHORT_ID_LENGTH)
    *g_utf8_offset_to_pointer (id, SHORT_ID_LENGTH) = '\0';
  return g_steal_pointer (&id);
}

static char *
address_of (DiscNode *node)
{
  g_autofree char *address = printable (disc_node_get_address (node));

  return g_strdup_printf ("%s:%u", address, disc_node_get_port (node));
}

/* "host 127.0.0.1:12345 0123abcd master" */
static char *
node_summary (DiscNode *node)
{
  g_autofree char *host = printable (disc_node_get_host_name (node));
  g_autofree char *address = address_of (node);
  g_autofree char *id = short_id_of (node);

  return g_strdup_printf ("%s %s %s %s", host, address, id, role_of (node));
}

static char *
json_summary (JsonNode *value,
              guint     max_chars)
{
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;

  if (value == NULL)
    return g_strdup ("-");
  text = json_text (value);
  safe = printable (text);
  if (max_chars > 0 && g_utf8_strlen (safe, -1) > max_chars)
    {
      *g_utf8_offset_to_pointer (safe, max_chars - 1) = '\0';
      return g_strconcat (safe, "…", NULL);
    }
  return g_steal_pointer (&safe);
}

static gboolean
write_text_event (DiscCliPrinter *self,
                  const char     *event,
                  const char     *rest)
{
  g_autofree char *clock = clock_text ();
  g_autofree char *line = g_strdup_printf ("%s %-9s %s", clock, event, rest);

  return write_line (self, line);
}

/* Events */

gboolean
disc_cli_printer_node_event (DiscCliPrinter *self,
                             const char     *event,
                             DiscNode       *node)
{
  if (self->json)
    {
      JsonObject *object = event_object (event);

      json_object_set_member (object, "node", disc_node_to_json (node));
      return write_json_object (self, object);
    }
  else
    {
      g_autofree char *summary = node_summary (node);

      return write_text_event (self, event, summary);
    }
}

gboolean
disc_cli_printer_message (DiscCliPrinter *self,
                          const char     *channel,
                          JsonNode       *data,
                          DiscNode       *sender)
{
  if (self->json)
    {
      JsonObject *object = event_object ("message");

      json_object_set_string_member (object, "channel", channel);
      json_object_set_member (object, "data",
                              data != NULL ? json_node_copy (data) : json_node_new (JSON_NODE_NULL));
      if (sender != NULL)
        json_object_set_member (object, "node", disc_node_to_json (sender));
      else
        json_object_set_null_member (object, "node");
      return write_json_object (self, object);
    }
  else
    {
      g_autofree char *from = sender != NULL ? node_summary (sender) : g_strdup ("(unknown sender)");
      g_autofree char *safe_channel = printable (channel);
      g_autofree char *text = json_summary (data, 0);
      g_autofree char *rest = g_strdup_printf ("%s on %s: %s", from, safe_channel,
                                               data != NULL ? text : "null");

      return write_text_event (self, "message", rest);
    }
}

gboolean
disc_cli_printer_started (DiscCliPrinter *self,
                          DiscNode       *me)
{
  return disc_cli_printer_node_event (self, "started", me);
}

gboolean
disc_cli_printer_error (DiscCliPrinter *self,
                        const GError   *error)
{
  if (self->json)
    {
      JsonObject *object = event_object ("error");

      json_object_set_string_member (object, "message", error->message);
      if (error->domain == DISC_ERROR)
        {
          g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_ERROR);
          GEnumValue *value = g_enum_get_value (klass, error->code);

          if (value != NULL)
            json_object_set_string_member (object, "code", value->value_nick);
        }
      return write_json_object (self, object);
    }
  else
    {
      g_autofree char *message = printable (error->message);

      return write_text_event (self, "error", message);
    }
}

gboolean
disc_cli_printer_stopped (DiscCliPrinter *self,
                          const char     *reason)
{
  if (self->json)
    {
      JsonObject *object = event_object ("stopped");

      json_object_set_string_member (object, "reason", reason);
      return write_json_object (self, object);
    }
  return write_text_event (self, "stopped", reason);
}

/* A remote-control request for this node, before it is applied:
 * {"event":"control","sender":ID,"address":A,"action":"promote","accepted":true}
 * or "control   promote from 10.0.0.4 (0123abcd…) accepted". */
gboolean
disc_cli_printer_control (DiscCliPrinter    *self,
                          const char        *sender_id,
                          const char        *sender_address,
                          DiscControlAction  action,
                          gboolean           accepted)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_CONTROL_ACTION);
  const char *name = g_enum_get_value (klass, action)->value_nick;

  if (self->json)
    {
      JsonObject *object = event_object ("control");

      json_object_set_string_member (object, "action", name);
      json_object_set_string_member (object, "sender", sender_id);
      json_object_set_string_member (object, "address", sender_address);
      json_object_set_boolean_member (object, "accepted", accepted);
      return write_json_object (self, object);
    }
  else
    {
      g_autofree char *id = printable (sender_id);
      g_autofree char *address = printable (sender_address);
      g_autofree char *rest = g_strdup_printf ("%s from %s (%s) %s", name, address, id,
                                               accepted ? "accepted" : "refused");

      return write_text_event (self, "control", rest);
    }
}

/* A bridge began to refuse forwarded messages (told once per burst):
 * {"event":"forward-refused","reason":"rate-limited","lan":L,"count":N,
 * "message":M}, "lan" null when not known, or "forward-refused M". */
gboolean
disc_cli_printer_forward_refused (DiscCliPrinter *self,
                                  const char     *reason,
                                  const char     *lan,
                                  guint64         count,
                                  const char     *message)
{
  if (self->json)
    {
      JsonObject *object = event_object ("forward-refused");

      json_object_set_string_member (object, "reason", reason);
      if (lan != NULL)
        json_object_set_string_member (object, "lan", lan);
      else
        json_object_set_null_member (object, "lan");
      json_object_set_int_member (object, "count", (gint64) count);
      json_object_set_string_member (object, "message", message);
      return write_json_object (self, object);
    }
  else
    {
      g_autofree char *text = printable (message);

      return write_text_event (self, "forward-refused", text);
    }
}

/* The keyring by key id, the sending (primary) key first. */
gboolean
disc_cli_printer_keys (DiscCliPrinter     *self,
                       const char * const *ids)
{
  if (self->json)
    {
      JsonObject *object = event_object ("keys");
      JsonArray *array = json_array_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        json_array_add_string_element (array, ids[i]);
      json_object_set_array_member (object, "keys", array);
      return write_json_object (self, object);
    }
  else
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; ids[i] != NULL; i++)
        g_string_append_printf (text, "%s%s%s", i > 0 ? ", " : "", ids[i],
                                i == 0 ? " (sending)" : "");
      return write_text_event (self, "keys", text->len > 0 ? text->str : "none");
    }
}

/* A failed write is a failure of the command, but for a reader that went
 * away (disc watch | head), which is how such a pipe ends. */
gboolean
disc_cli_printer_check (DiscCliPrinter  *self,
                        GError         **error)
{
  if (self->write_errno == 0 || self->write_errno == EPIPE)
    return TRUE;
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
               "cannot write to standard output: %s", g_strerror (self->write_errno));
  return FALSE;
}

/* Listings */

/* A table is a GPtrArray of GStrv rows, the first being the header. */

static GPtrArray *
table_new (const char *header)
{
  GPtrArray *table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_ptr_array_add (table, g_strsplit (header, "|", -1));
  return table;
}

#define N_NODE_COLUMNS 7

static char **
node_cells (DiscNode *node,
            gint64    now)
{
  char **cells = g_new0 (char *, N_NODE_COLUMNS + 1);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gint64 last_seen = disc_node_get_last_seen (node);

  cells[0] = printable (disc_node_get_host_name (node));
  cells[1] = address_of (node);
  cells[2] = short_id_of (node);
  cells[3] = g_strdup (role_of (node));
  cells[4] = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", disc_node_get_weight (node)));
  if (last_seen > 0)
    {
      double age = MAX (now - last_seen, 0) / 1000.0;

      cells[5] = g_strdup_printf ("%ss ago", g_ascii_formatd (buffer, sizeof buffer, "%.1f", age));
    }
  else
    cells[5] = g_strdup ("-");
  cells[6] = json_summary (disc_node_get_info (node), INFO_SUMMARY_CHARS);
  return cells;
}

static gboolean
table_print (DiscCliPrinter *self,
             GPtrArray      *table)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (glong));

  for (guint r = 0; r < table->len; r++)
    {
      char **row = table->pdata[r];

      for (guint c = 0; row[c] != NULL; c++)
        {
          glong width = g_utf8_strlen (row[c], -1);

          if (c >= widths->len)
            g_array_set_size (widths, c + 1);
          g_array_index (widths, glong, c) = MAX (g_array_index (widths, glong, c), width);
        }
    }

  for (guint r = 0; r < table->len; r++)
    {
      char **row = table->pdata[r];
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; row[c] != NULL; c++)
        {
          g_string_append (line, row[c]);
          if (row[c + 1] != NULL)
            {
              glong pad = g_array_index (widths, glong, c) - g_utf8_strlen (row[c], -1) + 2;

              for (glong i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }
      if (!write_line (self, line->str))
        return FALSE;
    }
  return TRUE;
}

gboolean
disc_cli_print_nodes (DiscCliPrinter *self,
                      GPtrArray      *nodes)
{
  if (self->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < nodes->len; i++)
        json_array_add_element (array, disc_node_to_json (nodes->pdata[i]));
      root = json_node_init_array (json_node_alloc (), array);
      return write_json (self, root);
    }
  else
    {
      g_autoptr(GPtrArray) table = NULL;
      gint64 now = now_ms ();

      if (nodes->len == 0)
        return TRUE;
      table = table_new ("HOST|ADDRESS|ID|ROLE|WEIGHT|LAST SEEN|INFO");
      for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add (table, node_cells (nodes->pdata[i], now));
      return table_print (self, table);
    }
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
disc_cli_print_services (DiscCliPrinter *self,
                         GPtrArray      *nodes,
                         guint          *n_services,
                         guint          *n_unnamed)
{
  g_autoptr(GHashTable) services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autofree const char **names = NULL;
  guint n_names = 0;
  guint unnamed = 0;
  gint64 now = now_ms ();

  for (guint i = 0; i < nodes->len; i++)
    {
      DiscNode *node = nodes->pdata[i];
      const char *name = disc_node_get_service_name (node);
      GPtrArray *candidates;

      if (name == NULL)
        {
          unnamed++;
          continue;
        }
      candidates = g_hash_table_lookup (services, name);
      if (candidates == NULL)
        {
          candidates = g_ptr_array_new ();
          g_hash_table_insert (services, (gpointer) name, candidates);
        }
      g_ptr_array_add (candidates, node);
    }

  names = (const char **) g_hash_table_get_keys_as_array (services, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);
  *n_services = n_names;
  *n_unnamed = unnamed;

  if (self->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < n_names; i++)
        {
          GPtrArray *candidates = g_hash_table_lookup (services, names[i]);
          JsonArray *array = json_array_new ();

          for (guint j = 0; j < candidates->len; j++)
            json_array_add_element (array, disc_node_to_json (candidates->pdata[j]));
          json_object_set_array_member (object, names[i], array);
        }
      root = json_node_init_object (json_node_alloc (), object);
      return write_json (self, root);
    }
  else
    {
      g_autoptr(GPtrArray) table = NULL;

      if (n_names == 0)
        return TRUE;
      table = table_new ("SERVICE|CANDIDATES|HOST|ADDRESS|ID|ROLE|WEIGHT|LAST SEEN|INFO");
      for (guint i = 0; i < n_names; i++)
        {
          GPtrArray *candidates = g_hash_table_lookup (services, names[i]);

          for (guint j = 0; j < candidates->len; j++)
            {
              g_autofree char **cells = node_cells (candidates->pdata[j], now);
              char **row = g_new0 (char *, N_NODE_COLUMNS + 3);

              row[0] = j == 0 ? printable (names[i]) : g_strdup ("");
              row[1] = j == 0 ? g_strdup_printf ("%u", candidates->len) : g_strdup ("");
              /* the cells move into the row; only their array is freed */
              memcpy (row + 2, cells, N_NODE_COLUMNS * sizeof (char *));
              g_ptr_array_add (table, row);
            }
        }
      return table_print (self, table);
    }
}

/* A notice about the whole run, on standard error: "disc COMMAND:
 * @message", or with @json one line {"event": @event, "packets",
 * @extra_name (when not NULL), "message"}. */
void
disc_cli_print_notice (gboolean    json,
                       const char *event,
                       guint64     packets,
                       const char *extra_name,
                       gint64      extra_value,
                       const char *message)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!json)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), message);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "packets");
  json_builder_add_int_value (builder, (gint64) packets);
  if (extra_name != NULL)
    {
      json_builder_set_member_name (builder, extra_name);
      json_builder_add_int_value (builder, extra_value);
    }
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_printerr ("%s\n", text);
}
