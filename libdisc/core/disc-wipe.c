/* disc-wipe.c: zero secrets in a way the optimiser keeps
 *
 * Passphrases, derived keys and what was decrypted with them are wiped
 * when dropped, by the keyring and by the ciphers alike.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-wipe"

#include "config.h"

#include <string.h>

#include "disc-wipe.h"

/* explicit_bzero is a call the optimiser must keep, unlike a memset of
 * memory about to be freed or to go out of scope. @data may be NULL. */
void
disc_wipe (gpointer data,
           gsize    len)
{
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}
