/*
 * The benchmark's NATS C client (libnats) for JetStream: one process per
 * phase, driven by bench/src/systems/native/libnats-driver.ts, which creates
 * and deletes the streams.
 *
 *   nats-bench produce URL STREAM SUBJECT RECORDS SIZE WINDOW
 *   nats-bench consume URL STREAM SUBJECT RECORDS SIZE
 *   nats-bench latency URL STREAM SUBJECT RECORDS SIZE RATE MAX_BACKLOG
 *
 * Produce is js_PublishAsync with at most WINDOW un-acknowledged messages
 * (jsOptions.PublishAsync.MaxPending); every PubAck is counted and an error
 * fails the run. Consume is an ordered consumer (push, flow control, ack none)
 * read with natsSubscription_NextMsg. Latency is open loop on async publishes,
 * from each message's intended send time to its PubAck.
 *
 * Prints one JSON object on stdout: {"records":N,"bytes":B,"seconds":S} and,
 * for latency, "latencies_us":[...] in send order. A latency run stops sending
 * once more than MAX_BACKLOG messages are due but unacknowledged (0 = never);
 * "records" is then the number sent. Exit code 1 on any error,
 * with one sentence on stderr.
 */
#include "common.h"

#include <nats/nats.h>
#include <stdatomic.h>

#define WAIT_MS 120000

static void check(natsStatus status, const char *what) {
  if (status != NATS_OK) die("%s: %s (%s)", what, natsStatus_GetText(status), nats_GetLastError(NULL));
}

/*
 * PubAcks arrive on the connection's delivery thread. A stream written by one
 * publisher gives its messages consecutive sequences in publish order, after
 * the stream's last sequence when publishing began, so an ack's sequence names
 * the message it confirms.
 */
struct acks {
  atomic_long acked;
  atomic_long failed;
  atomic_int first_error;
  uint64_t base_sequence;
  int64_t start_ns;
  double interval_ns;
  long records;
  int64_t *latencies_ns;
};

static void on_ack(jsCtx *js, natsMsg *message, jsPubAck *ack, jsPubAckErr *error, void *closure) {
  (void)js;
  struct acks *acks = closure;
  if (ack == NULL) {
    int expected = 0;
    atomic_compare_exchange_strong(&acks->first_error, &expected, error != NULL ? (int)error->Err : (int)NATS_ERR);
    atomic_fetch_add(&acks->failed, 1);
  } else {
    if (acks->latencies_ns != NULL) {
      long index = (long)(ack->Sequence - acks->base_sequence) - 1;
      if (index >= 0 && index < acks->records) {
        acks->latencies_ns[index] = now_ns() - (acks->start_ns + (int64_t)(index * acks->interval_ns));
      }
    }
    atomic_fetch_add(&acks->acked, 1);
  }
  natsMsg_Destroy(message);
}

static jsCtx *open_context(natsConnection **connection, const char *url, struct acks *acks, long window) {
  check(natsConnection_ConnectTo(connection, url), "connect to NATS");
  jsOptions options;
  check(jsOptions_Init(&options), "jsOptions_Init");
  options.Wait = WAIT_MS;
  options.PublishAsync.MaxPending = window;
  /* A full window blocks the publisher until acks make room, instead of failing after 200 ms. */
  options.PublishAsync.StallWait = WAIT_MS;
  options.PublishAsync.AckHandler = on_ack;
  options.PublishAsync.AckHandlerClosure = acks;
  jsCtx *js = NULL;
  check(natsConnection_JetStream(&js, *connection, &options), "open a JetStream context");
  return js;
}

/* Waits for every outstanding PubAck, then for the handlers to have counted them. */
static void finish_publishing(jsCtx *js, struct acks *acks, long records) {
  jsPubOptions options;
  check(jsPubOptions_Init(&options), "jsPubOptions_Init");
  options.MaxWait = WAIT_MS;
  check(js_PublishAsyncComplete(js, &options), "wait for the PubAcks");
  int64_t deadline = now_ns() + 10 * (int64_t)1000000000;
  while (atomic_load(&acks->acked) + atomic_load(&acks->failed) < records && now_ns() < deadline) sleep_until(now_ns() + 100000);
  long failed = atomic_load(&acks->failed);
  if (failed > 0) die("%ld of %ld publishes were refused: %s", failed, records, natsStatus_GetText((natsStatus)atomic_load(&acks->first_error)));
  if (atomic_load(&acks->acked) != records) die("%ld of %ld publishes were acknowledged", atomic_load(&acks->acked), records);
}

static void close_all(natsConnection *connection, jsCtx *js) {
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  nats_Close();
}

static void produce(const char *url, const char *subject, long records, long size, long window) {
  struct acks acks = {.records = records};
  natsConnection *connection = NULL;
  jsCtx *js = open_context(&connection, url, &acks, window);
  char *payload = make_payload(size);
  int64_t started = now_ns();
  for (long i = 0; i < records; i++) check(js_PublishAsync(js, subject, payload, (int)size, NULL), "publish");
  finish_publishing(js, &acks, records);
  double seconds = (double)(now_ns() - started) / 1e9;
  print_throughput(records, records * size, seconds);
  close_all(connection, js);
  free(payload);
}

/* The stream's last sequence: the harness may have written to it before (a warm-up record). */
static uint64_t last_sequence(jsCtx *js, const char *stream) {
  jsStreamInfo *info = NULL;
  jsErrCode code = 0;
  natsStatus status = js_GetStreamInfo(&info, js, stream, NULL, &code);
  if (status != NATS_OK) die("stream info of %s: %s (JetStream error %d)", stream, natsStatus_GetText(status), (int)code);
  uint64_t sequence = info->State.LastSeq;
  jsStreamInfo_Destroy(info);
  return sequence;
}

static void latency(const char *url, const char *stream, const char *subject, long records, long size, long rate, long max_backlog) {
  struct acks acks = {.records = records, .interval_ns = 1e9 / (double)rate};
  acks.latencies_ns = calloc((size_t)records, sizeof(int64_t));
  if (acks.latencies_ns == NULL) die("out of memory for %ld latencies", records);
  natsConnection *connection = NULL;
  /* No window of its own: an open loop sends on schedule, whatever is still unacknowledged. */
  jsCtx *js = open_context(&connection, url, &acks, records);
  acks.base_sequence = last_sequence(js, stream);
  char *payload = make_payload(size);
  acks.start_ns = now_ns();
  long issued = 0;
  while (issued < records) {
    int64_t now = now_ns();
    /* Behind: more messages due (sent or not) than acknowledged, by more than the backlog limit. */
    long due = (long)((double)(now - acks.start_ns) / acks.interval_ns) + 1;
    if (max_backlog > 0 && (due < records ? due : records) - atomic_load(&acks.acked) - atomic_load(&acks.failed) > max_backlog) break;
    for (; issued < records && acks.start_ns + (int64_t)(issued * acks.interval_ns) <= now; issued++) {
      check(js_PublishAsync(js, subject, payload, (int)size, NULL), "publish");
    }
    if (issued < records) sleep_until(acks.start_ns + (int64_t)(issued * acks.interval_ns));
  }
  finish_publishing(js, &acks, issued);
  double seconds = (double)(now_ns() - acks.start_ns) / 1e9;
  print_latencies(issued, size, seconds, acks.latencies_ns);
  close_all(connection, js);
  free(payload);
  free(acks.latencies_ns);
}

static void consume(const char *url, const char *stream, const char *subject, long records, long size) {
  struct acks acks = {.records = records};
  natsConnection *connection = NULL;
  jsCtx *js = open_context(&connection, url, &acks, 1);
  jsSubOptions options;
  check(jsSubOptions_Init(&options), "jsSubOptions_Init");
  options.Stream = stream;
  options.Ordered = true;
  int64_t started = now_ns();
  natsSubscription *subscription = NULL;
  jsErrCode code = 0;
  natsStatus status = js_SubscribeSync(&subscription, js, subject, NULL, &options, &code);
  if (status != NATS_OK) die("ordered consumer on %s: %s (JetStream error %d)", stream, natsStatus_GetText(status), (int)code);
  long seen = 0;
  long bytes = 0;
  while (seen < records) {
    natsMsg *message = NULL;
    status = natsSubscription_NextMsg(&message, subscription, WAIT_MS);
    if (status != NATS_OK) die("reading %s after %ld of %ld messages: %s", stream, seen, records, natsStatus_GetText(status));
    seen++;
    bytes += natsMsg_GetDataLength(message);
    natsMsg_Destroy(message);
  }
  double seconds = (double)(now_ns() - started) / 1e9;
  if (bytes != records * size) die("consumed %ld payload bytes, expected %ld", bytes, records * size);
  print_throughput(seen, bytes, seconds);
  natsSubscription_Destroy(subscription);
  close_all(connection, js);
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage: nats-bench produce|consume|latency URL STREAM SUBJECT RECORDS SIZE [WINDOW | RATE MAX_BACKLOG]");
  int expected = strcmp(argv[1], "consume") == 0 ? 7 : strcmp(argv[1], "latency") == 0 ? 9 : 8;
  if (argc != expected) {
    die("usage: nats-bench produce URL STREAM SUBJECT RECORDS SIZE WINDOW | consume URL STREAM SUBJECT RECORDS SIZE | latency URL STREAM SUBJECT RECORDS SIZE RATE MAX_BACKLOG");
  }
  const char *mode = argv[1];
  long records = parse_positive(argv[5], "RECORDS");
  long size = parse_positive(argv[6], "SIZE");
  if (strcmp(mode, "produce") == 0) produce(argv[2], argv[4], records, size, parse_positive(argv[7], "WINDOW"));
  else if (strcmp(mode, "consume") == 0) consume(argv[2], argv[3], argv[4], records, size);
  else if (strcmp(mode, "latency") == 0) latency(argv[2], argv[3], argv[4], records, size, parse_positive(argv[7], "RATE"), parse_backlog(argv[8]));
  else die("unknown mode \"%s\"", mode);
  return 0;
}
