/* disc-options.h: one snapshot of a node's start-time options (private)
 *
 * DiscDiscovery's properties write into a DiscOptions; start() checks it
 * here, with no I/O, and hands a copy to the transport. Every rule about
 * which values and combinations are valid lives in disc-options.c.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-types.h"
#include "disc-option-error.h"

G_BEGIN_DECLS

#define DISC_DEFAULT_HELLO_INTERVAL   1000
#define DISC_DEFAULT_CHECK_INTERVAL   2000
#define DISC_DEFAULT_NODE_TIMEOUT     2000
#define DISC_DEFAULT_MASTER_TIMEOUT   2000
#define DISC_DEFAULT_MASTERS_REQUIRED 1
#define DISC_DEFAULT_ADDRESS          "0.0.0.0"
#define DISC_DEFAULT_PORT             12345
#define DISC_DEFAULT_MULTICAST_TTL    1
#define DISC_DEFAULT_ALGORITHM        "aes256"
#define DISC_DEFAULT_IGNORE           DISC_IGNORE_SELF
#define DISC_DEFAULT_DIALECT          DISC_DIALECT_WRAP
#define DISC_DEFAULT_MAX_NODES        65536
#define DISC_DEFAULT_NEW_NODE_RATE    16
#define DISC_NEW_NODE_BURST_SECONDS   4

typedef struct
{
  guint        hello_interval;     /* ms */
  guint        check_interval;     /* ms */
  guint        node_timeout;       /* ms */
  guint        master_timeout;     /* ms */
  guint        masters_required;
  char        *address;            /* never NULL */
  guint        port;
  char        *broadcast;          /* nullable */
  char        *multicast;          /* nullable */
  guint        multicast_ttl;
  char        *algorithm;          /* nullable only if a caller set it so */
  DiscIgnore   ignore;
  gboolean     ignore_data_errors;
  char       **unicast;            /* nullable */
  gboolean     reuse_address;
  DiscDialect  dialect;
  guint        max_nodes;
  gboolean     listen_only;
  guint        new_node_rate;      /* new nodes per source per second; 0: no limit */
  gboolean     remote_control;     /* act on control requests (aes-256-gcm only) */
} DiscOptions;

/* What the keyring holds, for the checks that involve keys. */
typedef struct
{
  gboolean has_primary;
  gboolean primary_is_empty;
  guint    n_extra;              /* keys besides the primary */
} DiscOptionsKeys;

void     disc_options_init             (DiscOptions            *options);
void     disc_options_clear            (DiscOptions            *options);
void     disc_options_copy             (const DiscOptions      *src,
                                        DiscOptions            *dest);
gboolean disc_options_validate         (const DiscOptions      *options,
                                        const DiscOptionsKeys  *keys,
                                        GError                **error);
gboolean disc_options_uses_default_broadcast (const DiscOptions *options);
gboolean disc_options_is_aead          (const DiscOptions      *options);
gboolean disc_options_parse_unicast    (const char             *text,
                                        guint                   default_port,
                                        char                  **host,
                                        guint16                *port,
                                        GError                **error);

G_END_DECLS
