/* test-etcd-client.c: DiscEtcdClient and DiscEtcdWatch against fake
 * gateways (SoupServer on 127.0.0.1): deadlines and rotation, what is
 * refused before sending, and a watch's resume and re-range
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <disc.h>
#include <libsoup/soup.h>

#include "test-util.h"

/* For endpoints that never answer: any deadline gives the same result. */
#define SHORT_TIMEOUT_MS 200
/* For a test that needs the live endpoint to answer within it: generous,
 * for valgrind and busy machines. */
#define ROTATE_TIMEOUT_MS 2000

/* A fake gateway: counts requests per path, and answers by mode. */
typedef enum {
  FAKE_ANSWER,      /* a canned range / txn answer */
  FAKE_HANG,        /* never answers */
  FAKE_REJECT,      /* 400 with etcd's error */
  FAKE_ENDLESS,     /* 200, then 1 MiB after 1 MiB of not JSON, up to ENDLESS_MIB */
  FAKE_FAIL_THEN_HANG,  /* 503 to the first request, then never answers */
} FakeMode;

/* More than the client reads of an answer (64 MiB), and still bounded. */
#define ENDLESS_MIB 100

typedef struct {
  SoupServer *server;
  FakeMode    mode;
  char       *base;
  guint       n_range;
  guint       n_txn;
  guint       n_watch;
  GPtrArray  *watch_starts;    /* of char *, start_revision asked */
  gboolean    compact_first;   /* the first watch is cancelled as compacted */
  gboolean    big_first;       /* the first watch catches up with 9 MiB of events */
  gboolean    fragmented;      /* the last watch asked for fragments */
  const char *range_answer;    /* instead of the canned one */
  const char *txn_answer;
  char       *chunk;           /* FAKE_ENDLESS: 1 MiB of 'x' */
  guint       most_chunks_sent;  /* in one answer */
} Fake;

static void
answer_json (SoupServerMessage *msg,
             guint              status,
             const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
on_wrote_chunk (SoupServerMessage *msg,
                Fake              *fake)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guint sent = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "chunks-sent"));

  fake->most_chunks_sent = MAX (fake->most_chunks_sent, sent);
  if (sent < ENDLESS_MIB)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, fake->chunk, 1024 * 1024);
  else
    soup_message_body_complete (body);
  g_object_set_data (G_OBJECT (msg), "chunks-sent", GUINT_TO_POINTER (sent + 1));
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fake *fake = user_data;

  if (strcmp (path, "/v3/kv/range") == 0)
    fake->n_range++;
  else if (strcmp (path, "/v3/kv/txn") == 0)
    fake->n_txn++;

  if (fake->mode == FAKE_FAIL_THEN_HANG && fake->n_range == 1)
    {
      answer_json (msg, 503, "{\"error\":\"etcdserver: leader changed\"}");
      return;
    }
  if (fake->mode == FAKE_HANG || fake->mode == FAKE_FAIL_THEN_HANG)
    {
      soup_server_message_pause (msg);
      return;
    }
  if (fake->mode == FAKE_ENDLESS)
    {
      if (fake->chunk == NULL)
        fake->chunk = g_strnfill (1024 * 1024, 'x');
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk), fake);
      on_wrote_chunk (msg, fake);
      return;
    }
  if (fake->mode == FAKE_REJECT)
    {
      answer_json (msg, 400, "{\"error\":\"etcdserver: duplicate key given in txn request\","
                             "\"code\":3}");
      return;
    }
  if (strcmp (path, "/v3/kv/range") == 0 && fake->range_answer != NULL)
    answer_json (msg, 200, fake->range_answer);
  else if (strcmp (path, "/v3/kv/txn") == 0 && fake->txn_answer != NULL)
    answer_json (msg, 200, fake->txn_answer);
  else if (strcmp (path, "/v3/kv/range") == 0)
    /* "/k" = L2s=, "v" = dg==; 64-bit numbers as strings, as the gateway. */
    answer_json (msg, 200, "{\"header\":{\"revision\":\"10\"},\"kvs\":[{\"key\":\"L2s=\","
                           "\"create_revision\":\"5\",\"mod_revision\":\"9\",\"value\":\"dg==\","
                           "\"lease\":\"7587869999001\"}],\"count\":\"1\"}");
  else if (strcmp (path, "/v3/kv/txn") == 0)
    answer_json (msg, 200, "{\"header\":{\"revision\":\"11\"},\"succeeded\":true}");
  else
    answer_json (msg, 404, "{}");
}

/* The watch stream: "created", then one event at revision 12, then EOF;
 * or, with compact_first, "canceled" with compact_revision. Every later
 * watch stays open with nothing to say. */
static void
on_watch (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageBody *body;
  JsonObject *create;
  guint n = fake->n_watch++;
  const char *created = "{\"result\":{\"header\":{\"revision\":\"10\"},\"created\":true}}\n";

  g_assert_true (json_parser_load_from_data (parser, request->data, request->length, NULL));
  create = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "create_request");
  g_ptr_array_add (fake->watch_starts,
                   g_strdup (json_object_get_string_member (create, "start_revision")));
  fake->fragmented = json_object_get_boolean_member_with_default (create, "fragment", FALSE);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  body = soup_server_message_get_response_body (msg);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, created, strlen (created));
  if (n == 0 && fake->compact_first)
    {
      const char *cancel = "{\"result\":{\"header\":{},\"canceled\":true,\"compact_revision\":\"20\"}}\n";

      soup_message_body_append (body, SOUP_MEMORY_STATIC, cancel, strlen (cancel));
      soup_message_body_complete (body);
    }
  else if (n == 0 && fake->big_first)
    {
      /* As etcd catching up: every revision in one message, unless asked
       * for fragments near its request limit. */
      g_autofree char *value = g_strnfill (3 * 1024 * 1024, 'A');

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *event = g_strdup_printf ("{\"kv\":{\"key\":\"L2sy\",\"mod_revision\":\"%u\","
                                                    "\"value\":\"%s\"}}", 12 + i, value);
          g_autofree char *line = NULL;

          if (fake->fragmented)
            line = g_strdup_printf ("{\"result\":{\"header\":{\"revision\":\"14\"},"
                                    "\"events\":[%s],\"fragment\":%s}}\n",
                                    event, i < 2 ? "true" : "false");
          else if (i == 0)
            line = g_strdup_printf ("{\"result\":{\"header\":{\"revision\":\"14\"},"
                                    "\"events\":[%s,", event);
          else
            line = g_strdup_printf ("%s%s", event, i < 2 ? "," : "]}}\n");
          soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
        }
      soup_message_body_complete (body);
    }
  else if (n == 0)
    {
      const char *event = "{\"result\":{\"header\":{\"revision\":\"12\"},\"events\":[{\"kv\":"
                          "{\"key\":\"L2sy\",\"create_revision\":\"12\",\"mod_revision\":\"12\","
                          "\"value\":\"dw==\"}}]}}\n";

      soup_message_body_append (body, SOUP_MEMORY_STATIC, event, strlen (event));
      soup_message_body_complete (body);
    }
}

static Fake *
fake_new (FakeMode mode)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->mode = mode;
  fake->server = soup_server_new (NULL, NULL);
  fake->watch_starts = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (fake->server, "/v3/watch", on_watch, fake, NULL);
  soup_server_add_handler (fake->server, NULL, on_request, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->watch_starts);
  g_free (fake->chunk);
  g_free (fake->base);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result_for (GAsyncResult **slot,
                 guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  return wait_result_for (slot, 10);
}

static void
test_endpoints (void)
{
  const char *bad[] = { "", " , ", "https://h:1", "ftp://h", "unix:", "http://h:1/v3", "h:2379",
                        "http://127.0.0.1:2379,nonsense" };

  g_test_summary ("Endpoints are http://HOST:PORT or unix:PATH, comma-separated; others are named");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (bad[i], &error);

      g_assert_null (client);
      g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DiscEtcdClient) client =
      disc_etcd_client_new ("http://127.0.0.1:2379, unix:/run/etcd.sock:0,http://[::1]:2379", &error);

    g_assert_no_error (error);
    g_assert_nonnull (client);
    g_assert_cmpuint (disc_etcd_client_get_request_timeout (client), ==, 2000);
  }
}

static void
test_endpoint_extras (void)
{
  const struct {
    const char *endpoint;
    const char *named;     /* in the message */
  } cases[] = {
    { "http://user:secret@127.0.0.1:2379", "user info" },
    { "http://user@127.0.0.1:2379", "user info" },
    { "http://:secret@127.0.0.1:2379/", "user info" },
    { "http://127.0.0.1:2379?token=secret", "query (“?token=secret”)" },
    { "http://127.0.0.1:2379/?x", "query (“?x”)" },
    { "http://127.0.0.1:2379?", "query" },
    { "http://127.0.0.1:2379#members", "fragment (“#members”)" },
    { "http://127.0.0.1:2379/#", "fragment" },
    { "http://127.0.0.1:2379,http://u:secret@127.0.0.1:2380", "user info" },
    { "http://127.0.0.1", "no port" },
    { "http://127.0.0.1/", "no port" },
  };

  g_test_summary ("An http endpoint with user info, a query or a fragment is refused, "
                  "naming it, instead of sent without it; the password is never repeated. "
                  "One with no port is refused rather than sent to port 80");
  g_test_bug ("commit/2233f5f");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (cases[i].endpoint, &error);

      g_test_message ("%s", cases[i].endpoint);
      g_assert_null (client);
      g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_ENDPOINT);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_null (strstr (error->message, "secret@"));
      if (strstr (cases[i].named, "user info") != NULL)
        g_assert_null (strstr (error->message, "secret"));
    }
  /* A socket's path is a file name, taken as it is. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DiscEtcdClient) client = disc_etcd_client_new ("unix:/run/etcd?#.sock", &error);

    g_assert_no_error (error);
    g_assert_nonnull (client);
  }
}

static void
test_txn_refused_before_sending (void)
{
  g_autoptr(Fake) fake = fake_new (FAKE_ANSWER);
  g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (fake->base, NULL);
  g_autoptr(DiscEtcdTxn) big = disc_etcd_txn_new ();
  g_autoptr(DiscEtcdTxn) twice = disc_etcd_txn_new ();
  g_autoptr(GBytes) value = g_bytes_new_static ("v", 1);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A txn etcd would refuse (129 ops, one key put and deleted) fails without a request");
  for (guint i = 0; i <= DISC_ETCD_MAX_TXN_OPS; i++)
    {
      g_autofree char *key = g_strdup_printf ("/k%u", i);

      disc_etcd_txn_put (big, key, value, 0);
    }
  disc_etcd_txn_put (twice, "/k", value, 0);
  disc_etcd_txn_delete (twice, "/k", FALSE);

  disc_etcd_client_txn_async (client, big, NULL, on_result, &r1);
  g_assert_false (disc_etcd_client_txn_finish (client, wait_result (&r1), NULL, NULL, &error));
  g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_TXN);
  g_clear_error (&error);
  disc_etcd_client_txn_async (client, twice, NULL, on_result, &r2);
  g_assert_false (disc_etcd_client_txn_finish (client, wait_result (&r2), NULL, NULL, &error));
  g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_INVALID_TXN);
  g_assert_cmpuint (fake->n_txn, ==, 0);
}

static void
test_deadline_rotates (void)
{
  g_autoptr(Fake) hung = fake_new (FAKE_HANG);
  g_autoptr(Fake) live = fake_new (FAKE_ANSWER);
  g_autofree char *endpoints = g_strdup_printf ("%s,%s", hung->base, live->base);
  g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (endpoints, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kvs = NULL;
  DiscEtcdKeyValue *kv;
  gint64 revision = 0, start;
  guint hung_requests;
  gsize len;

  g_test_summary ("A request unanswered within the deadline goes to the next endpoint; "
                  "base64 and int64-as-string answers are decoded");
  disc_etcd_client_set_request_timeout (client, ROTATE_TIMEOUT_MS);
  start = g_get_monotonic_time ();
  disc_etcd_client_range_async (client, "/k", TRUE, NULL, on_result, &result);
  kvs = disc_etcd_client_range_finish (client, wait_result (&result), &revision, &error);
  g_assert_no_error (error);
  /* No upper bound on the time (valgrind, a busy machine): without the
   * deadline the hung endpoint would hold the request past wait_result's
   * 10 s, and the counts below say where it went. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, ROTATE_TIMEOUT_MS * 1000);
  /* Under valgrind the hung endpoint may not even have read the request
   * before its deadline. */
  g_assert_cmpuint (hung->n_range, <=, 2);
  hung_requests = hung->n_range;
  g_assert_cmpuint (live->n_range, >=, 1);
  g_assert_cmpint (revision, ==, 10);
  g_assert_cmpuint (kvs->len, ==, 1);
  kv = kvs->pdata[0];
  g_assert_cmpstr (kv->key, ==, "/k");
  g_assert_cmpmem (g_bytes_get_data (kv->value, &len), len, "v", 1);
  g_assert_cmpint (kv->create_revision, ==, 5);
  g_assert_cmpint (kv->mod_revision, ==, 9);
  g_assert_cmpint (kv->lease, ==, G_GINT64_CONSTANT (7587869999001));

  /* The endpoint that answered is tried first next time: the hung one
   * sees nothing more. */
  g_clear_object (&result);
  g_clear_pointer (&kvs, g_ptr_array_unref);
  disc_etcd_client_range_async (client, "/k", FALSE, NULL, on_result, &result);
  kvs = disc_etcd_client_range_finish (client, wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hung->n_range, ==, hung_requests);
}

/* Sends an empty txn to endpoints A then B and returns how it failed: it
 * must fail. timeout_ms is the request deadline, 0 for the default. */
static GError *
empty_txn_error (Fake *a,
                 Fake *b,
                 guint timeout_ms)
{
  g_autofree char *endpoints = g_strdup_printf ("%s,%s", a->base, b->base);
  g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (endpoints, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DiscEtcdTxn) txn = disc_etcd_txn_new ();
  GError *error = NULL;

  if (timeout_ms != 0)
    disc_etcd_client_set_request_timeout (client, timeout_ms);
  disc_etcd_client_txn_async (client, txn, NULL, on_result, &result);
  g_assert_false (disc_etcd_client_txn_finish (client, wait_result (&result), NULL, NULL, &error));
  return error;
}

static void
test_unavailable_is_bounded (void)
{
  g_autoptr(Fake) a = fake_new (FAKE_HANG);
  g_autoptr(Fake) b = fake_new (FAKE_HANG);
  g_autoptr(GError) error = NULL;

  g_test_summary ("With no endpoint answering, a request fails after two rounds, not never");
  error = empty_txn_error (a, b, SHORT_TIMEOUT_MS);
  g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_UNAVAILABLE);
  /* Two rounds of two endpoints at most (fewer reached the servers when
   * they were too slow to read a request before its deadline). */
  g_assert_cmpuint (a->n_txn, <=, 2);
  g_assert_cmpuint (b->n_txn, <=, 2);
}

static void
test_rejection_not_retried (void)
{
  g_autoptr(Fake) a = fake_new (FAKE_REJECT);
  g_autoptr(Fake) b = fake_new (FAKE_ANSWER);
  g_autoptr(GError) error = NULL;

  g_test_summary ("etcd's 4xx is its answer: not sent again elsewhere, its message kept");
  error = empty_txn_error (a, b, 0);
  g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "duplicate key"));
  g_assert_cmpuint (a->n_txn, ==, 1);
  g_assert_cmpuint (b->n_txn, ==, 0);
}

static void
test_answers_not_etcd (void)
{
  g_autoptr(Fake) fake = fake_new (FAKE_ANSWER);
  g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (fake->base, NULL);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(DiscEtcdTxn) txn = disc_etcd_txn_new ();
  g_autoptr(GPtrArray) kvs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean succeeded = TRUE;

  g_test_bug ("issues/17");
  g_test_summary ("Members of the wrong type in an answer that is not etcd's are absent: "
                  "no crash (a number where base64 goes), no json-glib warning");
  /* "/k" = L2s=, "v" = dg== */
  fake->range_answer = "{\"header\":[],\"kvs\":[{\"key\":5,\"value\":\"dg==\"},"
                       "{\"key\":\"L2s=\",\"value\":7},{\"key\":\"L2s=\",\"value\":\"dg==\","
                       "\"mod_revision\":[]}]}";
  disc_etcd_client_range_async (client, "/k", TRUE, NULL, on_result, &r1);
  kvs = disc_etcd_client_range_finish (client, wait_result (&r1), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kvs->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (((DiscEtcdKeyValue *) kvs->pdata[0])->value), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (((DiscEtcdKeyValue *) kvs->pdata[1])->value), ==, 1);
  g_clear_pointer (&kvs, g_ptr_array_unref);

  fake->range_answer = "{\"kvs\":5}";
  disc_etcd_client_range_async (client, "/k", TRUE, NULL, on_result, &r2);
  kvs = disc_etcd_client_range_finish (client, wait_result (&r2), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kvs->len, ==, 0);

  fake->txn_answer = "{\"succeeded\":{}}";
  disc_etcd_client_txn_async (client, txn, NULL, on_result, &r3);
  g_assert_true (disc_etcd_client_txn_finish (client, wait_result (&r3), &succeeded, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (succeeded);
}

static void
test_answer_is_bounded (void)
{
  g_autoptr(Fake) fake = fake_new (FAKE_ENDLESS);
  g_autoptr(DiscEtcdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) kvs = NULL;
  g_autoptr(GError) error = NULL;

  g_test_bug ("issues/17");
  g_test_summary ("An answer that does not end is read up to 64 MiB, then cut off as "
                  "not etcd's, and the call fails naming that: memory stays bounded");
  /* Generous: reading 64 MiB takes a while under valgrind. */
  client = disc_etcd_client_new (fake->base, NULL);
  disc_etcd_client_set_request_timeout (client, 60000);
  disc_etcd_client_range_async (client, "/k", TRUE, NULL, on_result, &result);
  kvs = disc_etcd_client_range_finish (client, wait_result_for (&result, 90), NULL, &error);
  g_assert_null (kvs);
  /* Every attempt was cut off; the last one is named. */
  g_assert_error (error, DISC_ETCD_ERROR, DISC_ETCD_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "more than 64 MiB"));
  g_assert_cmpuint (fake->most_chunks_sent, <, ENDLESS_MIB);
}

static gboolean
cancel_now (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
first_range_seen (gpointer data)
{
  return ((Fake *) data)->n_range >= 1;
}

static void
test_cancel_during_pause (void)
{
  g_autoptr(Fake) fake = fake_new (FAKE_FAIL_THEN_HANG);
  g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (fake->base, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) kvs = NULL;
  g_autoptr(GError) error = NULL;

  g_test_bug ("issues/17");
  g_test_summary ("A call cancelled in the pause between two rounds of endpoints ends as "
                  "cancelled, and no attempt is sent after it");
  /* Longer than the test waits: only the cancellation can end the call. */
  disc_etcd_client_set_request_timeout (client, 60000);
  disc_etcd_client_range_async (client, "/k", TRUE, cancellable, on_result, &result);
  g_assert_true (test_wait_for (first_range_seen, fake));
  /* The 503 reaches the client at once; its pause lasts 200 ms. */
  g_timeout_add (50, cancel_now, cancellable);
  kvs = disc_etcd_client_range_finish (client, wait_result (&result), NULL, &error);
  g_assert_null (kvs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake->n_range, ==, 1);
}

/* A watch of /k through a client of one answering fake etcd. */
typedef struct {
  Fake           *fake;
  DiscEtcdClient *client;
  DiscEtcdWatch  *watch;
  guint           resets;
  guint           puts;
  guint           errors;
  char           *last_put;
} WatchFixture;

static void
watch_fixture_setup (WatchFixture  *f,
                     gconstpointer  data)
{
  f->fake = fake_new (FAKE_ANSWER);
  f->client = disc_etcd_client_new (f->fake->base, NULL);
}

static void
watch_fixture_teardown (WatchFixture  *f,
                        gconstpointer  data)
{
  if (f->watch != NULL)
    disc_etcd_watch_cancel (f->watch);
  g_clear_object (&f->watch);
  g_clear_object (&f->client);
  g_clear_pointer (&f->fake, fake_free);
  g_clear_pointer (&f->last_put, g_free);
}

static void
on_reset (DiscEtcdWatch *watch, GPtrArray *kvs, WatchFixture *f)
{
  f->resets++;
}

static void
on_put (DiscEtcdWatch *watch, DiscEtcdKeyValue *kv, WatchFixture *f)
{
  f->puts++;
  g_free (f->last_put);
  f->last_put = g_strdup (kv->key);
}

static gboolean
second_watch_started (gpointer data)
{
  WatchFixture *f = data;

  return f->fake->n_watch >= 2;
}

/* Watches /k, counting what it says, until the fake has seen the watch
 * start twice: the first start and the one after it ended or was
 * cancelled. */
static void
watch_until_second_start (WatchFixture *f)
{
  f->watch = disc_etcd_watch_new (f->client, "/k");
  g_signal_connect (f->watch, "reset", G_CALLBACK (on_reset), f);
  g_signal_connect (f->watch, "put", G_CALLBACK (on_put), f);
  g_assert_true (test_wait_for (second_watch_started, f));
}

static void
test_watch_resumes_after_eof (WatchFixture  *f,
                              gconstpointer  data)
{
  g_test_summary ("A watch that ends (EOF) resumes from the last revision + 1, without a range");
  watch_until_second_start (f);

  g_assert_cmpuint (f->resets, ==, 1);
  g_assert_cmpuint (f->puts, ==, 1);
  g_assert_cmpstr (f->last_put, ==, "/k2");
  g_assert_cmpuint (f->fake->n_range, ==, 1);
  g_assert_cmpstr (f->fake->watch_starts->pdata[0], ==, "11");   /* range at 10 */
  g_assert_cmpstr (f->fake->watch_starts->pdata[1], ==, "13");   /* event at 12 */
  g_assert_cmpint (disc_etcd_watch_get_revision (f->watch), ==, 12);
}

static void
test_watch_reranges_when_compacted (WatchFixture  *f,
                                    gconstpointer  data)
{
  g_test_summary ("A watch cancelled for a compacted revision ranges again and says so by ::reset");
  f->fake->compact_first = TRUE;
  watch_until_second_start (f);

  g_assert_cmpuint (f->fake->n_range, ==, 2);
  g_assert_cmpuint (f->resets, ==, 2);
  g_assert_cmpstr (f->fake->watch_starts->pdata[1], ==, "11");
}

static void
on_watch_error (DiscEtcdWatch *watch, GError *error, WatchFixture *f)
{
  g_test_message ("watch error: %s", error->message);
  f->errors++;
}

static gboolean
three_puts (gpointer data)
{
  WatchFixture *f = data;

  return f->puts >= 3 || f->errors > 0;
}

static void
test_watch_catches_up_in_fragments (WatchFixture  *f,
                                    gconstpointer  data)
{
  g_test_bug ("issues/17");
  g_test_summary ("A watch catching up on 9 MiB of events asks for fragments: one line of "
                  "them all was past the line limit, refused again at every retry");
  f->fake->big_first = TRUE;
  f->watch = disc_etcd_watch_new (f->client, "/k");
  g_signal_connect (f->watch, "put", G_CALLBACK (on_put), f);
  g_signal_connect (f->watch, "error", G_CALLBACK (on_watch_error), f);
  g_assert_true (test_wait_for (three_puts, f));
  g_assert_cmpuint (f->errors, ==, 0);
  g_assert_cmpuint (f->puts, ==, 3);
  g_assert_cmpint (disc_etcd_watch_get_revision (f->watch), ==, 14);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");

  g_test_add_func ("/etcd-client/endpoints", test_endpoints);
  g_test_add_func ("/etcd-client/endpoint-extras", test_endpoint_extras);
  g_test_add_func ("/etcd-client/txn-refused-before-sending", test_txn_refused_before_sending);
  g_test_add_func ("/etcd-client/deadline-rotates", test_deadline_rotates);
  g_test_add_func ("/etcd-client/unavailable-is-bounded", test_unavailable_is_bounded);
  g_test_add_func ("/etcd-client/rejection-not-retried", test_rejection_not_retried);
  g_test_add ("/etcd-client/watch-resumes-after-eof", WatchFixture, NULL,
              watch_fixture_setup, test_watch_resumes_after_eof, watch_fixture_teardown);
  g_test_add ("/etcd-client/watch-reranges-when-compacted", WatchFixture, NULL,
              watch_fixture_setup, test_watch_reranges_when_compacted, watch_fixture_teardown);
  g_test_add_func ("/etcd-client/answers-not-etcd", test_answers_not_etcd);
  g_test_add_func ("/etcd-client/answer-is-bounded", test_answer_is_bounded);
  g_test_add_func ("/etcd-client/cancel-during-pause", test_cancel_during_pause);
  g_test_add ("/etcd-client/watch-catches-up-in-fragments", WatchFixture, NULL,
              watch_fixture_setup, test_watch_catches_up_in_fragments, watch_fixture_teardown);

  return g_test_run ();
}
