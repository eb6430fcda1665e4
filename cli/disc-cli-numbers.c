/* disc-cli-numbers.c: numbers given on the command line
 *
 * Each mistake is reported with the flag that caused it (without its
 * leading "--") and what would be accepted.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <math.h>

#include "disc-cli-numbers.h"
#include "disc-cli-tool.h"

/* A whole number from @min to @max; @unit says what it counts, as in
 * "a number of milliseconds". */
gboolean
disc_cli_parse_whole (const char  *flag,
                      const char  *text,
                      guint64      min,
                      guint64      max,
                      const char  *unit,
                      guint64     *out,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    return TRUE;
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

static gboolean
parse_finite (const char *text,
              double     *out)
{
  char *end = NULL;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*out);
}

/* A finite decimal number, in the C locale whatever the user's. */
gboolean
disc_cli_parse_decimal (const char  *flag,
                        const char  *text,
                        double      *out,
                        GError     **error)
{
  if (parse_finite (text, out))
    return TRUE;
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
               "--%s: “%s” is not a number; give a decimal number such as 0.5", flag, text);
  return FALSE;
}

/* A positive decimal number of seconds, rounded up to milliseconds. */
gboolean
disc_cli_parse_seconds (const char  *flag,
                        const char  *text,
                        gint64      *out_ms,
                        GError     **error)
{
  double seconds;

  if (!parse_finite (text, &seconds) || seconds <= 0 || seconds * 1000.0 > G_MAXINT)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--%s: “%s” is not a number of seconds; give a positive number "
                   "such as 10 or 0.5", flag, text);
      return FALSE;
    }
  *out_ms = (gint64) ceil (seconds * 1000.0);
  return TRUE;
}
