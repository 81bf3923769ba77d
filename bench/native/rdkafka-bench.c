/*
 * The benchmark's librdkafka client: one process per phase, driven by
 * bench/src/systems/native/rdkafka-driver.ts.
 *
 *   rdkafka-bench produce BOOTSTRAP TOPIC RECORDS SIZE
 *   rdkafka-bench consume BOOTSTRAP TOPIC RECORDS SIZE
 *   rdkafka-bench latency BOOTSTRAP TOPIC RECORDS SIZE RATE MAX_BACKLOG
 *
 * The producer keeps librdkafka's defaults (linger.ms 5, batch.size 1 MB,
 * batch.num.messages 10000, no compression, not idempotent) except acks=all,
 * so the numbers are what an application using the library as shipped gets.
 * Every phase first fetches the topic's metadata, so the connection is up
 * before the clock starts, as the Node drivers connect before they time.
 *
 * Prints one JSON object on stdout: {"records":N,"bytes":B,"seconds":S} and,
 * for latency, "latencies_us":[...] in send order. A latency run stops sending
 * once more than MAX_BACKLOG records are due but unconfirmed (0 = never);
 * "records" is then the number sent. Exit code 1 on any error,
 * with one sentence on stderr.
 */
#include "common.h"

#include <inttypes.h>
#include <librdkafka/rdkafka.h>

#define METADATA_TIMEOUT_MS 10000
#define FLUSH_TIMEOUT_MS 120000

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value, error, sizeof error) != RD_KAFKA_CONF_OK) die("librdkafka setting %s=%s: %s", name, value, error);
}

/* Connects and learns the topic's leader before any phase is timed. */
static void await_metadata(rd_kafka_t *rk, rd_kafka_topic_t *rkt) {
  const struct rd_kafka_metadata *metadata = NULL;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &metadata, METADATA_TIMEOUT_MS);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) die("no metadata for %s: %s", rd_kafka_topic_name(rkt), rd_kafka_err2str(err));
  if (metadata->topic_cnt != 1 || metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    die("topic %s is not known to the broker", rd_kafka_topic_name(rkt));
  }
  rd_kafka_metadata_destroy(metadata);
}

/* Delivery bookkeeping shared with the delivery-report callback (served on this thread by rd_kafka_poll). */
struct deliveries {
  long delivered;
  long failed;
  rd_kafka_resp_err_t first_error;
  /* Latency mode only: each record's intended send time and its latency, indexed by the record's opaque. */
  int64_t start_ns;
  double interval_ns;
  int64_t *latencies_ns;
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
  (void)rk;
  struct deliveries *deliveries = opaque;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (deliveries->failed++ == 0) deliveries->first_error = message->err;
    return;
  }
  deliveries->delivered++;
  if (deliveries->latencies_ns != NULL) {
    long index = (long)(intptr_t)message->_private;
    int64_t intended = deliveries->start_ns + (int64_t)(index * deliveries->interval_ns);
    deliveries->latencies_ns[index] = now_ns() - intended;
  }
}

static rd_kafka_t *new_producer(const char *bootstrap, struct deliveries *deliveries) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "acks", "all");
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_opaque(conf, deliveries);
  char error[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == NULL) die("cannot create a librdkafka producer: %s", error);
  return rk;
}

/* Queues one record, waiting for room while librdkafka's local queue is full. */
static void send_record(rd_kafka_t *rk, rd_kafka_topic_t *rkt, char *payload, long size, long index) {
  /* Flag 0: the payload is neither copied nor freed; it lives until the process ends. */
  while (rd_kafka_produce(rkt, 0, 0, payload, (size_t)size, NULL, 0, (void *)(intptr_t)index) == -1) {
    rd_kafka_resp_err_t err = rd_kafka_last_error();
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) die("produce to %s failed: %s", rd_kafka_topic_name(rkt), rd_kafka_err2str(err));
    rd_kafka_poll(rk, 1);
  }
}

static void finish_producing(rd_kafka_t *rk, struct deliveries *deliveries, long records) {
  rd_kafka_resp_err_t err = rd_kafka_flush(rk, FLUSH_TIMEOUT_MS);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) die("flush did not finish: %s", rd_kafka_err2str(err));
  if (deliveries->failed > 0) die("%ld of %ld records were not delivered: %s", deliveries->failed, records, rd_kafka_err2str(deliveries->first_error));
  if (deliveries->delivered != records) die("%ld of %ld records were confirmed", deliveries->delivered, records);
}

static void produce(const char *bootstrap, const char *topic, long records, long size) {
  struct deliveries deliveries = {0};
  rd_kafka_t *rk = new_producer(bootstrap, &deliveries);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  await_metadata(rk, rkt);
  char *payload = make_payload(size);
  int64_t started = now_ns();
  for (long i = 0; i < records; i++) {
    send_record(rk, rkt, payload, size, i);
    rd_kafka_poll(rk, 0);
  }
  finish_producing(rk, &deliveries, records);
  double seconds = (double)(now_ns() - started) / 1e9;
  print_throughput(records, records * size, seconds);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  free(payload);
}

/*
 * Open loop: record i is due at start + i / rate whatever happened to earlier
 * ones, and its latency runs from that intended time to its delivery report,
 * so a stall is charged to every record queued behind it (as src/run/open-loop.ts).
 */
static void latency(const char *bootstrap, const char *topic, long records, long size, long rate, long max_backlog) {
  struct deliveries deliveries = {0};
  deliveries.latencies_ns = calloc((size_t)records, sizeof(int64_t));
  if (deliveries.latencies_ns == NULL) die("out of memory for %ld latencies", records);
  deliveries.interval_ns = 1e9 / (double)rate;
  rd_kafka_t *rk = new_producer(bootstrap, &deliveries);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  await_metadata(rk, rkt);
  char *payload = make_payload(size);
  deliveries.start_ns = now_ns();
  long issued = 0;
  while (issued < records) {
    int64_t now = now_ns();
    /* Behind: more records due (sent or not) than confirmed, by more than the backlog limit. */
    long due = (long)((double)(now - deliveries.start_ns) / deliveries.interval_ns) + 1;
    if (max_backlog > 0 && (due < records ? due : records) - deliveries.delivered - deliveries.failed > max_backlog) break;
    for (; issued < records && deliveries.start_ns + (int64_t)(issued * deliveries.interval_ns) <= now; issued++) {
      send_record(rk, rkt, payload, size, issued);
    }
    rd_kafka_poll(rk, 0);
    if (issued == records) break;
    int64_t next_due = deliveries.start_ns + (int64_t)(issued * deliveries.interval_ns);
    /* Serve delivery reports while waiting when the wait is long enough for poll's millisecond timeout. */
    if (next_due - now_ns() > 2000000) rd_kafka_poll(rk, 1);
    else sleep_until(next_due);
  }
  finish_producing(rk, &deliveries, issued);
  double seconds = (double)(now_ns() - deliveries.start_ns) / 1e9;
  print_latencies(issued, size, seconds, deliveries.latencies_ns);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  free(payload);
  free(deliveries.latencies_ns);
}

/*
 * Reads partition 0 from its first offset with assign() (no group join, nothing
 * committed), as the raw Fetch reader does; librdkafka's fetcher defaults apply.
 */
static void consume(const char *bootstrap, const char *topic, long records, long size) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "group.id", topic);
  set(conf, "enable.auto.commit", "false");
  set(conf, "auto.offset.reset", "earliest");
  char error[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (rk == NULL) die("cannot create a librdkafka consumer: %s", error);
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  await_metadata(rk, rkt);
  rd_kafka_topic_partition_list_t *partitions = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(partitions, topic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  int64_t started = now_ns();
  rd_kafka_resp_err_t err = rd_kafka_assign(rk, partitions);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) die("assign %s [0]: %s", topic, rd_kafka_err2str(err));
  rd_kafka_topic_partition_list_destroy(partitions);
  long seen = 0;
  long bytes = 0;
  int64_t idle_since = now_ns();
  while (seen < records) {
    rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
    if (message == NULL) {
      if (now_ns() - idle_since > (int64_t)FLUSH_TIMEOUT_MS * 1000000) die("no records from %s for %d s after %ld of %ld", topic, FLUSH_TIMEOUT_MS / 1000, seen, records);
      continue;
    }
    idle_since = now_ns();
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      rd_kafka_message_destroy(message);
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) die("consume from %s after %ld records: %s", topic, seen, rd_kafka_message_errstr(message));
    seen++;
    bytes += (long)message->len;
    rd_kafka_message_destroy(message);
  }
  double seconds = (double)(now_ns() - started) / 1e9;
  if (bytes != records * size) die("consumed %ld payload bytes, expected %ld", bytes, records * size);
  print_throughput(seen, bytes, seconds);
  rd_kafka_consumer_close(rk);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
}

int main(int argc, char **argv) {
  if (argc < 6) die("usage: rdkafka-bench produce|consume|latency BOOTSTRAP TOPIC RECORDS SIZE [RATE MAX_BACKLOG]");
  const char *mode = argv[1];
  long records = parse_positive(argv[4], "RECORDS");
  long size = parse_positive(argv[5], "SIZE");
  if (strcmp(mode, "produce") == 0) produce(argv[2], argv[3], records, size);
  else if (strcmp(mode, "consume") == 0) consume(argv[2], argv[3], records, size);
  else if (strcmp(mode, "latency") == 0 && argc == 8) latency(argv[2], argv[3], records, size, parse_positive(argv[6], "RATE"), parse_backlog(argv[7]));
  else die("unknown mode \"%s\" (or latency without RATE and MAX_BACKLOG)", mode);
  return 0;
}
