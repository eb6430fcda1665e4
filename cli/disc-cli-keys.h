/* disc-cli-keys.h: the passphrases of a node, from --key, --key-file or
 * $DISC_KEY
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

/* Filled by GOption from the entries of disc_cli_keys_add_entries();
 * every passphrase is wiped when cleared. */
typedef struct {
  char       **key;        /* --key, repeatable */
  char       **key_file;   /* --key-file, repeatable */
  const char  *source;     /* where the keys came from, once applied: "--key",
                            * "--key-file", "$DISC_KEY", or NULL for none */
} DiscCliKeys;

void     disc_cli_keys_add_entries (DiscCliKeys    *self,
                                    GArray         *entries);
gboolean disc_cli_keys_apply       (DiscCliKeys    *self,
                                    DiscDiscovery  *discovery,
                                    GError        **error);
void     disc_cli_keys_wipe        (DiscCliKeys    *self);
void     disc_cli_keys_clear       (DiscCliKeys    *self);

G_END_DECLS
