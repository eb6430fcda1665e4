/* disc-keyring.h: the passphrases of a node and their derived keys (private)
 *
 * The primary passphrase is the one packets are sent with; the others are
 * only accepted (aes-256-gcm's keyring, protocol.md "Key rotation"). Each
 * passphrase is derived once. Passphrases and keys are wiped when dropped.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

#include "disc-aead.h"

G_BEGIN_DECLS

typedef struct _DiscKeyring DiscKeyring;

DiscKeyring *disc_keyring_new          (void);
void         disc_keyring_free         (DiscKeyring   *self);
gboolean     disc_keyring_has_primary  (DiscKeyring   *self);
gboolean     disc_keyring_primary_is_empty (DiscKeyring *self);
guint        disc_keyring_get_n_extra  (DiscKeyring   *self);
gboolean     disc_keyring_set_primary  (DiscKeyring   *self,
                                        const char    *passphrase);
gboolean     disc_keyring_check_passphrase (const char *function,
                                        const char    *passphrase,
                                        GError       **error);
gboolean     disc_keyring_contains     (DiscKeyring   *self,
                                        const char    *passphrase);
gboolean     disc_keyring_add          (DiscKeyring   *self,
                                        const char    *passphrase,
                                        GError       **error);
gboolean     disc_keyring_remove       (DiscKeyring   *self,
                                        const char    *passphrase,
                                        GError       **error);
gboolean     disc_keyring_use          (DiscKeyring   *self,
                                        const char    *passphrase,
                                        GError       **error);
const char  *disc_keyring_peek_primary (DiscKeyring   *self);
GArray      *disc_keyring_derive       (DiscKeyring   *self);
char       **disc_keyring_list_ids     (DiscKeyring   *self);

void         disc_wipe_keys            (GArray        *keys);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscKeyring, disc_keyring_free)

G_END_DECLS
