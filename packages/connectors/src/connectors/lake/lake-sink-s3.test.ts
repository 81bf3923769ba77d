import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError } from "../../kit/errors.js";
import { testContext } from "../../test-support/context.js";
import { manualClock, range, readParquet, records } from "../../test-support/lake-files.js";
import { startLocalS3, type LocalS3 } from "../../test-support/local-s3.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import lakeSink from "./lake-sink.js";

const bucket = `lake-${process.pid.toString()}`;
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const never = new AbortController().signal;
let s3: LocalS3;
let client: S3Client;

const destination = (extra: Record<string, unknown> = {}) => ({ kind: "s3", bucket, prefix: "lake/raw", endpoint: s3.endpoint, forcePathStyle: true, ...credentials, ...extra });

async function objectNames(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function objectRows(key: string): Promise<Record<string, unknown>[]> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return readParquet(await object.Body!.transformToByteArray());
}

beforeAll(async () => {
  s3 = await startLocalS3([bucket]);
  // A copy: the SDK marks the credentials object it is given.
  client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { ...credentials } });
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

describe("lake-sink to S3", () => {
  it("stores one object per rolled range under the prefix, and the same names again on redelivery", async () => {
    const config = lakeSink.config.parse({ destination: destination(), rollRecords: 4 });
    const sink = await lakeSink.open({ ...testContext(config), clock: manualClock() });
    await sink.write([...records("events", 0, range(0, 9)), ...records("events", 3, range(50, 54))], never);
    expect(sink.durable?.()).toEqual([
      { topic: "events", partition: 0, offset: 8 },
      { topic: "events", partition: 3, offset: 54 },
    ]);
    const names = [
      "lake/raw/events/0/00000000000000000000-00000000000000000003.parquet",
      "lake/raw/events/0/00000000000000000004-00000000000000000007.parquet",
      "lake/raw/events/3/00000000000000000050-00000000000000000053.parquet",
    ];
    expect(await objectNames()).toEqual(names);
    expect((await objectRows(names[2]!)).map((r) => [r.topic, r.partition, r.offset, r.key, r.value])).toEqual(
      range(50, 54).map((o) => ["events", 3, BigInt(o), `k${o.toString()}`, JSON.stringify({ n: o })]),
    );
    await sink.close();

    const again = await lakeSink.open({ ...testContext(config), clock: manualClock() });
    await again.write(records("events", 0, range(4, 12)), never);
    await again.close();
    expect(await objectNames()).toEqual([...names.slice(0, 2), "lake/raw/events/0/00000000000000000008-00000000000000000011.parquet", names[2]]);
    const offsets: bigint[] = [];
    for (const name of (await objectNames()).filter((n) => n.includes("/events/0/"))) offsets.push(...(await objectRows(name)).map((r) => r.offset as bigint));
    expect(offsets).toEqual(range(0, 12).map(BigInt));
  });

  it("fails permanently when the bucket does not exist", async () => {
    const config = lakeSink.config.parse({ destination: destination({ bucket: "no-such-bucket" }), rollRecords: 1 });
    const sink = await lakeSink.open(testContext(config));
    const failure = sink.write(records("events", 0, [0]), never);
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toThrow(`cannot store lake/raw/events/0/00000000000000000000-00000000000000000000.parquet: the bucket no-such-bucket does not exist at ${s3.endpoint}`);
    await sink.close();
  });

  it("check passes for the bucket and says what is wrong with a missing bucket or an unreachable endpoint", async () => {
    expect(await lakeSink.check(testContext(lakeSink.config.parse({ destination: destination() })))).toEqual({ ok: true, detail: `objects go to s3://${bucket}/lake/raw` });
    expect(await lakeSink.check(testContext(lakeSink.config.parse({ destination: destination({ bucket: "no-such-bucket" }) })))).toEqual({
      ok: false,
      message: `the bucket no-such-bucket does not exist at ${s3.endpoint}`,
    });

    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: s3.port });
    await proxy.down();
    const endpoint = `http://${proxy.address}`;
    const unreachable = await lakeSink.check(testContext(lakeSink.config.parse({ destination: destination({ endpoint }) })));
    expect(unreachable.ok).toBe(false);
    expect(unreachable.ok ? "" : unreachable.message).toMatch(new RegExp(`^cannot reach the S3 endpoint ${endpoint}: .*ECONNREFUSED`));
  });
});
