/* disc-cli-etcd.h: `disc nodes --etcd` and `disc watch --etcd`, which read
 * every LAN's membership from etcd instead of listening
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include "disc-cli-tool.h"

G_BEGIN_DECLS

#if DISC_HAS_ETCD

/* --etcd ENDPOINTS and --cluster NAME, for a command's entries. */
#define DISC_CLI_ETCD_ENTRIES(etcd, cluster) \
  { "etcd", 0, 0, G_OPTION_ARG_STRING, &(etcd), \
    "Read every LAN's nodes from etcd (as disc bridge mirrors them) instead of " \
    "listening: comma-separated http://HOST:PORT or unix:PATH", "ENDPOINTS" }, \
  { "cluster", 0, 0, G_OPTION_ARG_STRING, &(cluster), \
    "With --etcd: the cluster's name, as given to disc bridge", "NAME" }

/* Whether --etcd or --cluster was given: the command reads etcd. */
#define DISC_CLI_ETCD_WANTED(etcd, cluster) ((etcd) != NULL || (cluster) != NULL)

gboolean        disc_cli_etcd_run_nodes  (const char  *endpoints,
                                          const char  *cluster,
                                          gboolean     json,
                                          GError     **error);
gboolean        disc_cli_etcd_run_watch  (const char  *endpoints,
                                          const char  *cluster,
                                          gboolean     json,
                                          gint64       for_ms,
                                          GError     **error);

/* A client of --etcd ENDPOINTS; a malformed list is a usage error. */
DiscEtcdClient *disc_cli_etcd_client_new (const char  *endpoints,
                                          GError     **error);

#endif

G_END_DECLS
