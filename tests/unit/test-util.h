/* test-util.h: what the loopback unit tests share
 *
 * Waiting on the main loop up to a deadline, a UDP port the kernel says is
 * free, a raw datagram to 127.0.0.1, a node with fast timers, and starting
 * a node or failing the test. The tests against fake etcd gateways
 * (test-etcd-client.c, tests/app/test-monitor-remote-lans-model.c) wait
 * with it too. The socket-free tests of the core need none of it: they
 * step a fake clock instead.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <disc.h>

G_BEGIN_DECLS

/* The only broadcast address a test in the root namespace may use. */
#define TEST_LOOPBACK_BROADCAST "127.255.255.255"

/* How long test_wait_for() waits: generous, so that a slow or loaded
 * machine (valgrind, two cores shared) makes a test slower, never flaky. */
#define TEST_DEADLINE_MS 15000

/* g_test_bug() snippets are "issues/N" or "commit/HASH" (the fix) below it. */
#define TEST_BUG_BASE "https://github.com/libdisc/libdisc/"

typedef gboolean (*TestCondition) (gpointer data);

gboolean test_wait_for        (TestCondition  condition,
                               gpointer       data);
void     test_run_for_ms      (guint          ms);
guint    test_free_udp_port   (void);
void     test_send_datagram   (guint          port,
                               gconstpointer  data,
                               gsize          len);
void     test_start_or_fail   (DiscDiscovery *discovery);
gpointer test_new_node        (GType          type,
                               guint          port,
                               guint          timeout_ms);

G_END_DECLS
