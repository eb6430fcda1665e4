/* disc-cli-numbers.h: numbers given on the command line
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean disc_cli_parse_whole   (const char  *flag,
                                 const char  *text,
                                 guint64      min,
                                 guint64      max,
                                 const char  *unit,
                                 guint64     *out,
                                 GError     **error);
gboolean disc_cli_parse_decimal (const char  *flag,
                                 const char  *text,
                                 double      *out,
                                 GError     **error);
gboolean disc_cli_parse_seconds (const char  *flag,
                                 const char  *text,
                                 gint64      *out_ms,
                                 GError     **error);

G_END_DECLS
