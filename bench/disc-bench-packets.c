/* disc-bench-packets.c: pre-built hello datagrams for the ingest benchmarks
 *
 * Builds one hello for each of N distinct instances with libdisc's own
 * protocol core (the codec the unit tests check byte for byte against the
 * npm packages' output), in the dialect and cipher asked for, and writes
 * them to a file the sender (disc-bench-send) replays:
 *
 *   "DBPK" | u32 count (LE) | count × (u32 length (LE) | datagram)
 *
 * Every instance gets the same content in both dialects: only the framing
 * (WRAP blocks for node-discovery, bare JSON for node-discover) and, with a
 * key, the cipher's encoding differ.
 *
 *   disc-bench-packets --count N [--rounds R] [--vary] --dialect wrap|plain
 *                      [--key K] [--algorithm A] --out FILE
 *
 * With --rounds R the file holds R rounds of the N hellos, each encoded
 * anew (a fresh frame id; with aes-256-gcm a fresh nonce and sequence
 * number), as a node sends them: a receiver that refuses replays accepts
 * every one, in order. All are sealed by one codec, so with aes-256-gcm
 * they carry one sender id; they must be sent within the receiver's
 * replay window (30 s) of being made. With --vary each round's hello of an
 * instance differs from the round before's (its weight moves), and the
 * last round's from the first's when R > 1: a receiver replaying the file
 * never sees an instance repeat itself, the worst case for libdisc's
 * unchanged-hello fast path.
 *   disc-bench-packets --check-vectors tests/vectors/vectors.json
 *
 * --check-vectors re-encodes every message of vectors.json marked "exact"
 * (made by the npm packages themselves) with the same frame id, key and
 * dialect, and fails unless every datagram is byte for byte the same: the
 * generator's packets are then what the packages would send.
 *
 * Exit status: 0 on success, 1 on failure, 2 on bad usage, 3 when the
 * algorithm is not supported by this build of libdisc (the harness then
 * prints "n/a (not built)" for that row).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc-codec.h"
#include "disc-envelope.h"
#include "disc-frame.h"

#define EXIT_UNSUPPORTED 3

static gboolean
write_u32 (FILE *out, guint32 value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  return fwrite (b, 1, 4, out) == 4;
}

/* The hello of instance @i, as the packages build it: isMaster false,
 * not eligible (so the node under test never defers to a fed instance),
 * a fixed weight, the address both packages send. */
static JsonNode *
hello_data (guint i,
            guint variant)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "isMaster");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "isMasterEligible");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "weight");
  /* k/1024, 0 < k < 1024, prints the same with %.17g and JSON.stringify. */
  json_builder_add_double_value (builder, (double) (1 + (i + variant) % 1023) / 1024.0);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, "127.0.0.1");
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
generate (guint        count,
          guint        rounds,
          gboolean     vary,
          DiscDialect  dialect,
          const char  *algorithm,
          const char  *key,
          const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DiscCodec) codec = disc_codec_new (dialect, algorithm, key, &error);
  FILE *out;
  gsize total = 0;

  if (codec == NULL)
    {
      fprintf (stderr, "disc-bench-packets: %s: %s\n", algorithm ? algorithm : "(none)", error->message);
      return EXIT_UNSUPPORTED;
    }

  out = fopen (path, "wb");
  if (out == NULL)
    {
      fprintf (stderr, "disc-bench-packets: %s: %s\n", path, g_strerror (errno));
      return 1;
    }
  fwrite ("DBPK", 1, 4, out);
  write_u32 (out, count * rounds);

  for (guint k = 0; k < count * rounds; k++)
    {
      guint i = k % count;
      /* 32 hex digits, node-discovery's form; node-discover reads any string. */
      g_autofree char *pid = g_strdup_printf ("%016x%016x", 0xbe0c4u, i);
      g_autofree char *iid = g_strdup_printf ("%016x%016x", 0x1dbe0c4u, i);
      g_autofree char *host = g_strdup_printf ("bench-host-%05u", i);
      g_autoptr(JsonNode) data = hello_data (i, vary ? k / count : 0);
      g_autoptr(DiscEnvelope) envelope = disc_envelope_new ("hello", pid, iid, host, data);
      g_autoptr(GPtrArray) datagrams = disc_codec_encode (codec, envelope, &error);

      if (datagrams == NULL)
        {
          fprintf (stderr, "disc-bench-packets: encode: %s\n", error->message);
          fclose (out);
          return 1;
        }
      if (datagrams->len != 1)
        {
          fprintf (stderr, "disc-bench-packets: a hello took %u datagrams\n", datagrams->len);
          fclose (out);
          return 1;
        }
      {
        gsize len;
        const guint8 *bytes = g_bytes_get_data (datagrams->pdata[0], &len);

        write_u32 (out, (guint32) len);
        fwrite (bytes, 1, len, out);
        total += len;
      }
    }

  if (fclose (out) != 0)
    {
      fprintf (stderr, "disc-bench-packets: %s: %s\n", path, g_strerror (errno));
      return 1;
    }
  printf ("{\"count\": %u, \"rounds\": %u, \"bytes\": %" G_GSIZE_FORMAT ", \"mean_size\": %.1f}\n",
          count, rounds, total, (double) total / (count * rounds));
  return 0;
}

/* --- --check-vectors ------------------------------------------------- */

static guint8 fixed_id[DISC_FRAME_ID_SIZE];

static void
fixed_frame_id (guint8 *id, gpointer data)
{
  memcpy (id, fixed_id, DISC_FRAME_ID_SIZE);
}

static GBytes *
unhex (const char *hex)
{
  gsize n = strlen (hex) / 2;
  guint8 *out = g_malloc (n ? n : 1);

  for (gsize i = 0; i < n; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new_take (out, n);
}

static const char *
string_or_null (JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
}

static int
check_vectors (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *messages;
  guint checked = 0, failed = 0;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      fprintf (stderr, "disc-bench-packets: %s: %s\n", path, error->message);
      return 1;
    }
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");

  for (guint m = 0; m < json_array_get_length (messages); m++)
    {
      JsonObject *v = json_array_get_object_element (messages, m);
      JsonObject *object = json_object_get_object_member (v, "object");
      const char *name = json_object_get_string_member (v, "name");
      const char *dialect = json_object_get_string_member (v, "dialect");
      const char *algorithm = string_or_null (v, "algorithm");
      const char *key = string_or_null (v, "key");
      const char *frame_id = string_or_null (v, "frame_id_hex");
      JsonArray *expected = json_object_get_array_member (v, "datagrams_hex");
      g_autoptr(DiscCodec) codec = NULL;
      g_autoptr(DiscEnvelope) envelope = NULL;
      g_autoptr(GPtrArray) datagrams = NULL;
      gboolean ok;

      if (!json_object_get_boolean_member (v, "exact") || !json_object_has_member (object, "event"))
        continue;
      if (string_or_null (v, "notes") != NULL && g_str_has_prefix (string_or_null (v, "notes"), "seed bug"))
        continue;  /* node-discovery's lost tail: libdisc sends it, on purpose */
      if (json_object_has_member (v, "block_size") &&
          !json_object_get_null_member (v, "block_size") &&
          json_object_get_int_member (v, "block_size") != DISC_FRAME_BLOCK_SIZE)
        continue;

      codec = disc_codec_new (g_strcmp0 (dialect, "plain") == 0 ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP,
                              algorithm ? algorithm : "aes256", key, &error);
      g_assert_no_error (error);
      if (frame_id != NULL)
        {
          g_autoptr(GBytes) id = unhex (frame_id);

          memcpy (fixed_id, g_bytes_get_data (id, NULL), DISC_FRAME_ID_SIZE);
          disc_codec_set_frame_id_func (codec, fixed_frame_id, NULL);
        }
      envelope = disc_envelope_new (json_object_get_string_member (object, "event"),
                                    json_object_get_string_member (object, "pid"),
                                    json_object_get_string_member (object, "iid"),
                                    json_object_get_string_member (object, "hostName"),
                                    json_object_get_member (object, "data"));
      datagrams = disc_codec_encode (codec, envelope, &error);
      g_assert_no_error (error);

      ok = datagrams->len == json_array_get_length (expected);
      for (guint i = 0; ok && i < datagrams->len; i++)
        {
          g_autoptr(GBytes) want = unhex (json_array_get_string_element (expected, i));

          ok = g_bytes_equal (want, datagrams->pdata[i]);
        }
      checked++;
      if (!ok)
        {
          fprintf (stderr, "disc-bench-packets: vector %s: the generator's datagrams differ\n", name);
          failed++;
        }
    }

  printf ("{\"vectors_checked\": %u, \"vectors_failed\": %u}\n", checked, failed);
  return failed == 0 && checked > 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  guint count = 1000;
  guint rounds = 1;
  const char *dialect = "wrap";
  const char *algorithm = "aes256";
  const char *key = NULL;
  const char *out = NULL;
  const char *vectors = NULL;
  gboolean vary = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (arg, "--vary") == 0)
        {
          vary = TRUE;
          continue;
        }
      if (value == NULL)
        goto usage;
      if (strcmp (arg, "--count") == 0)
        count = (guint) strtoul (value, NULL, 10);
      else if (strcmp (arg, "--rounds") == 0)
        rounds = (guint) strtoul (value, NULL, 10);
      else if (strcmp (arg, "--dialect") == 0)
        dialect = value;
      else if (strcmp (arg, "--algorithm") == 0)
        algorithm = value;
      else if (strcmp (arg, "--key") == 0)
        key = value;
      else if (strcmp (arg, "--out") == 0)
        out = value;
      else if (strcmp (arg, "--check-vectors") == 0)
        vectors = value;
      else
        goto usage;
      i++;
    }

  if (vectors != NULL)
    return check_vectors (vectors);
  if (out == NULL || count == 0 || count > 1000000 || rounds == 0 || rounds > 1000 ||
      (guint64) count * rounds > 2000000 ||
      (strcmp (dialect, "wrap") != 0 && strcmp (dialect, "plain") != 0))
    goto usage;
  return generate (count, rounds, vary, strcmp (dialect, "plain") == 0 ? DISC_DIALECT_PLAIN : DISC_DIALECT_WRAP,
                   algorithm, key, out);

usage:
  fprintf (stderr,
           "usage: disc-bench-packets --count N [--rounds R] [--vary] --dialect wrap|plain [--key K] [--algorithm A] --out FILE\n"
           "       disc-bench-packets --check-vectors vectors.json\n");
  return 2;
}
