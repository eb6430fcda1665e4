/* disc-monitor-secrets.h: the passphrase in the user's keyring
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     disc_monitor_secrets_lookup        (GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char    *disc_monitor_secrets_lookup_finish (GAsyncResult        *result,
                                             GError             **error);
void     disc_monitor_secrets_store         (const char          *passphrase,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean disc_monitor_secrets_store_finish  (GAsyncResult        *result,
                                             GError             **error);
void     disc_monitor_secrets_clear         (GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean disc_monitor_secrets_clear_finish  (GAsyncResult        *result,
                                             GError             **error);
void     disc_monitor_secrets_free          (char                *passphrase);
void     disc_monitor_secrets_wipe          (char               **passphrase);

G_END_DECLS
