"""A kafka-python (Debian python3-kafka 2.0) user's session: admin, produce with
each codec it supports here, consume back, offsets by time, a two-member group
with commits, optionally over SASL (it sends SaslHandshake v0, then raw tokens).
Prints "ok <step>"; exits 1 at the first failure."""
import argparse
import sys
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

parser = argparse.ArgumentParser()
parser.add_argument("--bootstrap", required=True)
parser.add_argument("--prefix", default="kpy")
parser.add_argument("--sasl", default="")
parser.add_argument("--user", default="")
parser.add_argument("--password", default="")
parser.add_argument("--sasl-only", action="store_true")
parser.add_argument("--ca", default="", help="CA file: connect with TLS (PLAIN is accepted only over TLS)")
args = parser.parse_args()

common = {"bootstrap_servers": args.bootstrap, "request_timeout_ms": 30000}
if args.sasl:
    common.update(security_protocol="SASL_SSL" if args.ca else "SASL_PLAINTEXT", sasl_mechanism=args.sasl, sasl_plain_username=args.user, sasl_plain_password=args.password)
    if args.ca:
        common.update(ssl_cafile=args.ca)


def fail(step, detail):
    print(f"FAIL {step}: {detail}", flush=True)
    sys.exit(1)


def ok(step):
    print(f"ok {step}", flush=True)


admin = KafkaAdminClient(client_id="kpy-admin", **common)
if args.sasl_only:
    admin.list_topics()
    ok("connected")
    sys.exit(0)
scratch = f"{args.prefix}-scratch"
group_topic = f"{args.prefix}-group"
admin.create_topics([NewTopic(scratch, 3, 1), NewTopic(group_topic, 2, 1)])
if scratch not in admin.list_topics():
    fail("create topic", "not listed")
admin.delete_topics([scratch])
ok("admin create/list/delete")

BASE = 1_700_000_000_000
# lz4 and zstd need python3-lz4 / python3-zstandard, which python3-kafka does not pull in.
for codec in ["none", "gzip"]:
    topic = f"{args.prefix}-{codec}"
    producer = KafkaProducer(compression_type=None if codec == "none" else codec, acks="all", **common)
    for i in range(10):
        producer.send(topic, key=f"k{i}".encode(), value=f"{codec}-{i}".encode(), partition=0, timestamp_ms=BASE + i * 1000)
    producer.flush()
    producer.close()
    consumer = KafkaConsumer(auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=10000, **common)
    consumer.assign([TopicPartition(topic, 0)])
    got = [(m.offset, m.key.decode(), m.value.decode(), m.timestamp) for m in consumer]
    want = [(i, f"k{i}", f"{codec}-{i}", BASE + i * 1000) for i in range(10)]
    if got[:10] != want:
        fail(f"produce+consume {codec}", got)
    if codec == "none":
        tp = TopicPartition(topic, 0)
        by_time = consumer.offsets_for_times({tp: BASE + 3500})[tp]
        if by_time is None or by_time.offset != 4:
            fail("offsets by time", by_time)
        if consumer.beginning_offsets([tp])[tp] != 0 or consumer.end_offsets([tp])[tp] != 10:
            fail("offsets", "earliest/latest")
        ok("offsets by time, earliest and latest")
    consumer.close()
    ok(f"produce+consume {codec}")

producer = KafkaProducer(acks="all", **common)
for i in range(40):
    producer.send(group_topic, value=f"g{i}".encode(), partition=i % 2)
producer.flush()
producer.close()

seen = {}
lock = threading.Lock()
stop = threading.Event()


def member(name):
    consumer = KafkaConsumer(group_topic, group_id=f"{args.prefix}-members", auto_offset_reset="earliest", enable_auto_commit=False, **common)
    mine = set()
    while not stop.is_set():
        for tp, records in consumer.poll(timeout_ms=200).items():
            for r in records:
                with lock:
                    seen[r.value.decode()] = name
                mine.add(tp.partition)
        consumer.commit()
    consumer.close()


threads = [threading.Thread(target=member, args=(n,)) for n in ("a", "b")]
for t in threads:
    t.start()
deadline = time.time() + 60
while time.time() < deadline:
    with lock:
        if len(seen) == 40:
            break
    time.sleep(0.1)
stop.set()
for t in threads:
    t.join()
if len(seen) != 40:
    fail("group", f"consumed {len(seen)} of 40")
# With the initial rebalance delay both members join one generation and split the partitions.
split = sorted(list(seen.values()).count(n) for n in ("a", "b"))
if split != [20, 20]:
    fail("group split", split)
committed = admin.list_consumer_group_offsets(f"{args.prefix}-members")
if sorted((tp.partition, meta.offset) for tp, meta in committed.items()) != [(0, 20), (1, 20)]:
    fail("group commits", committed)
ok("group of two with commits, split 20/20")
