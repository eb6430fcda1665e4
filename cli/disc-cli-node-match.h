/* disc-cli-node-match.h: which node a NODE argument names
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

/* How a NODE argument matched. */
typedef enum {
  DISC_CLI_MATCH_NONE,
  DISC_CLI_MATCH_ID,          /* the full id: nothing else can match it */
  DISC_CLI_MATCH_PREFIX,      /* a unique id prefix */
  DISC_CLI_MATCH_HOST_NAME,   /* a unique host name */
  DISC_CLI_MATCH_AMBIGUOUS,   /* a prefix or a host name of several nodes */
} DiscCliMatch;

DiscCliMatch disc_cli_match_node (GListModel  *nodes,
                                  const char  *text,
                                  DiscNode   **node,
                                  GString     *candidates);

G_END_DECLS
