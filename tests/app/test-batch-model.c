/* test-batch-model.c: DiscMonitorBatchModel passes on exactly what changed
 *
 * Random bursts of insertions and removals on a GListStore; after each
 * flush the batch model must list the same items, and replaying its
 * items-changed signals on a copy of the list must give that list too.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "test-batch-model"

#include "config.h"

#include "disc-monitor-batch-model.h"

typedef struct
{
  GPtrArray *replay;   /* what a view would hold, built from items-changed */
  guint      signals;
  guint      last_position, last_removed, last_added;
} Watcher;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watcher    *watcher)
{
  watcher->signals++;
  watcher->last_position = position;
  watcher->last_removed = removed;
  watcher->last_added = added;
  g_ptr_array_remove_range (watcher->replay, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (watcher->replay, position + i, item);
    }
}

static void
assert_same (GListModel *source,
             GListModel *batch,
             Watcher    *watcher)
{
  guint n = g_list_model_get_n_items (source);

  g_assert_cmpuint (g_list_model_get_n_items (batch), ==, n);
  g_assert_cmpuint (watcher->replay->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (source, i);
      g_autoptr(GObject) b = g_list_model_get_item (batch, i);

      g_assert_true (a == b);
      g_assert_true (watcher->replay->pdata[i] == a);
    }
}

static void
test_single_changes (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(DiscMonitorBatchModel) batch = NULL;
  Watcher watcher = { g_ptr_array_new (), 0, };

  g_test_summary ("One insertion or removal is passed on as exactly that change; no change, no signal");
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_append (store, item);
    }
  batch = disc_monitor_batch_model_new (G_LIST_MODEL (store));
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_ptr_array_add (watcher.replay, item);   /* the store keeps it alive */
    }
  g_signal_connect (batch, "items-changed", G_CALLBACK (on_items_changed), &watcher);

  /* One node added at the end: exactly that one item. */
  {
    g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
    g_list_store_append (store, item);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batch)), ==, 10);
  disc_monitor_batch_model_flush (batch);
  g_assert_cmpuint (watcher.signals, ==, 1);
  g_assert_cmpuint (watcher.last_position, ==, 10);
  g_assert_cmpuint (watcher.last_removed, ==, 0);
  g_assert_cmpuint (watcher.last_added, ==, 1);
  assert_same (G_LIST_MODEL (store), G_LIST_MODEL (batch), &watcher);

  /* One node removed in the middle: exactly that one item. */
  g_list_store_remove (store, 4);
  disc_monitor_batch_model_flush (batch);
  g_assert_cmpuint (watcher.signals, ==, 2);
  g_assert_cmpuint (watcher.last_position, ==, 4);
  g_assert_cmpuint (watcher.last_removed, ==, 1);
  g_assert_cmpuint (watcher.last_added, ==, 0);
  assert_same (G_LIST_MODEL (store), G_LIST_MODEL (batch), &watcher);

  /* Nothing changed: no signal. */
  disc_monitor_batch_model_flush (batch);
  g_assert_cmpuint (watcher.signals, ==, 2);

  g_ptr_array_unref (watcher.replay);
}

static void
test_random_bursts (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(DiscMonitorBatchModel) batch = disc_monitor_batch_model_new (G_LIST_MODEL (store));
  Watcher watcher = { g_ptr_array_new (), 0, };
  GRand *rand = g_rand_new_with_seed (1234);
  guint changes = 0;

  g_test_summary ("After random bursts the batch model lists the "
                  "store's items, with one signal per burst at most");
  g_signal_connect (batch, "items-changed", G_CALLBACK (on_items_changed), &watcher);

  for (guint round = 0; round < 300; round++)
    {
      guint burst = g_rand_int_range (rand, 1, 40);

      for (guint i = 0; i < burst; i++, changes++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

          if (n > 0 && g_rand_int_range (rand, 0, 100) < 45)
            g_list_store_remove (store, g_rand_int_range (rand, 0, n));
          else
            {
              g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

              g_list_store_insert (store, g_rand_int_range (rand, 0, n + 1), item);
            }
        }
      disc_monitor_batch_model_flush (batch);
      assert_same (G_LIST_MODEL (store), G_LIST_MODEL (batch), &watcher);
    }
  /* One signal at most per burst, however many changes it had. */
  g_assert_cmpuint (watcher.signals, <=, 300);
  g_test_message ("%u changes passed on as %u signals", changes, watcher.signals);

  g_rand_free (rand);
  g_ptr_array_unref (watcher.replay);
}

static void
test_flushes_by_itself (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(DiscMonitorBatchModel) batch = disc_monitor_batch_model_new (G_LIST_MODEL (store));
  g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

  g_test_summary ("A pending change is flushed from the main loop without being asked");
  g_list_store_append (store, item);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batch)), ==, 0);
  while (g_list_model_get_n_items (G_LIST_MODEL (batch)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batch)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/batch-model/single-changes", test_single_changes);
  g_test_add_func ("/batch-model/random-bursts", test_random_bursts);
  g_test_add_func ("/batch-model/flushes-by-itself", test_flushes_by_itself);
  return g_test_run ();
}
