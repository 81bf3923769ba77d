"""A confluent-kafka-python (Debian python3-confluent-kafka 1.7, librdkafka 2.0.2)
user's session: admin, produce with every codec, consume back, offsets by time,
a two-member group with commits, optionally over SASL.
Prints "ok <step>"; exits 1 at the first failure."""
import argparse
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

parser = argparse.ArgumentParser()
parser.add_argument("--bootstrap", required=True)
parser.add_argument("--prefix", default="ck")
parser.add_argument("--sasl", default="")
parser.add_argument("--user", default="")
parser.add_argument("--password", default="")
parser.add_argument("--sasl-only", action="store_true")
parser.add_argument("--ca", default="", help="CA file: connect with TLS (PLAIN is accepted only over TLS)")
args = parser.parse_args()

common = {"bootstrap.servers": args.bootstrap}
if args.sasl:
    common.update({"security.protocol": "SASL_SSL" if args.ca else "SASL_PLAINTEXT", "sasl.mechanisms": args.sasl, "sasl.username": args.user, "sasl.password": args.password})
    if args.ca:
        common.update({"ssl.ca.location": args.ca})


def fail(step, detail):
    print(f"FAIL {step}: {detail}", flush=True)
    sys.exit(1)


def ok(step):
    print(f"ok {step}", flush=True)


admin = AdminClient(common)
if args.sasl_only:
    admin.list_topics(timeout=15)
    ok("connected")
    sys.exit(0)
scratch, group_topic = f"{args.prefix}-scratch", f"{args.prefix}-group"
for future in admin.create_topics([NewTopic(scratch, 3, 1), NewTopic(group_topic, 2, 1)]).values():
    future.result(15)
if len(admin.list_topics(scratch, timeout=15).topics[scratch].partitions) != 3:
    fail("describe topic", "partitions")
for future in admin.delete_topics([scratch]).values():
    future.result(15)
ok("admin create/describe/delete")

BASE = 1_700_000_000_000
for codec in ["none", "gzip", "snappy", "lz4", "zstd"]:
    topic = f"{args.prefix}-{codec}"
    producer = Producer({**common, "compression.type": codec, "acks": "all"})
    for i in range(10):
        producer.produce(topic, key=f"k{i}", value=f"{codec}-{i}", partition=0, timestamp=BASE + i * 1000)
    if producer.flush(15) != 0:
        fail(f"produce {codec}", "undelivered")
    consumer = Consumer({**common, "group.id": f"{args.prefix}-reader-{codec}", "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    consumer.assign([TopicPartition(topic, 0, 0)])
    got = []
    deadline = time.time() + 15
    while len(got) < 10 and time.time() < deadline:
        m = consumer.poll(0.5)
        if m is not None and m.error() is None:
            got.append((m.offset(), m.key().decode(), m.value().decode(), m.timestamp()[1]))
    if got != [(i, f"k{i}", f"{codec}-{i}", BASE + i * 1000) for i in range(10)]:
        fail(f"produce+consume {codec}", got)
    if codec == "none":
        found = consumer.offsets_for_times([TopicPartition(topic, 0, BASE + 3500)], 15)[0]
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), 15)
        if found.offset != 4 or (low, high) != (0, 10):
            fail("offsets", (found.offset, low, high))
        ok("offsets by time, earliest and latest")
    consumer.close()
    ok(f"produce+consume {codec}")

producer = Producer(common)
for i in range(40):
    producer.produce(group_topic, value=f"g{i}", partition=i % 2)
producer.flush(15)
members = [Consumer({**common, "group.id": f"{args.prefix}-members", "auto.offset.reset": "earliest", "enable.auto.commit": False}) for _ in range(2)]
for m in members:
    m.subscribe([group_topic])
seen = {}
deadline = time.time() + 60
while len(seen) < 40 and time.time() < deadline:
    for index, m in enumerate(members):
        msg = m.poll(0.1)
        if msg is not None and msg.error() is None:
            seen[msg.value().decode()] = index
            m.commit(msg, asynchronous=False)
if len(seen) != 40:
    fail("group", f"consumed {len(seen)} of 40")
committed = members[0].committed([TopicPartition(group_topic, 0), TopicPartition(group_topic, 1)], 15)
if sorted(tp.offset for tp in committed) != [20, 20]:
    fail("group commits", [(tp.partition, tp.offset) for tp in committed])
for m in members:
    m.close()
ok("group of two with commits")
