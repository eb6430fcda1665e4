/* disc-legacy-cipher.h: Node's crypto.createCipher(algorithm, passphrase) (private)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DiscLegacyCipher DiscLegacyCipher;

gboolean          disc_legacy_cipher_algorithm_is_known (const char *algorithm);
DiscLegacyCipher *disc_legacy_cipher_new     (const char        *algorithm,
                                              const char        *passphrase,
                                              GError           **error);
void              disc_legacy_cipher_free    (DiscLegacyCipher  *self);
GBytes           *disc_legacy_cipher_encrypt (DiscLegacyCipher  *self,
                                              const guint8      *plain,
                                              gsize              len);
GBytes           *disc_legacy_cipher_decrypt (DiscLegacyCipher  *self,
                                              const guint8      *cipher,
                                              gsize              len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiscLegacyCipher, disc_legacy_cipher_free)

void              disc_gcrypt_ensure_initialized (void);

G_END_DECLS
