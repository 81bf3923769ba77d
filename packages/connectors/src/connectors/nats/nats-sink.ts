import { headers as natsHeaders, RequestError, type MsgHdrs } from "@nats-io/transport-node";
import { defineSink } from "../../kit/connector.js";
import { PermanentError, RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { errorText } from "../error-text.js";
import { NatsLink } from "./nats-link.js";
import { natsSinkConfig } from "./nats-sink-config.js";
import { isTemplated, renderSubject } from "./subject-template.js";

interface Publication {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly headers: MsgHdrs | undefined;
  /** JetStream drops a second message with the same id within the stream's duplicate window. */
  readonly msgID: string;
}

const decoder = new TextDecoder();

function publicationOf(record: SinkRecord, template: string, maxPayload: number): Publication | string {
  const rendered = renderSubject(template, record);
  if (!rendered.ok) return rendered.error;
  const payload = record.value ?? new Uint8Array();
  if (payload.length > maxPayload) return `the record value has ${payload.length.toString()} bytes, more than the NATS server's max_payload of ${maxPayload.toString()}`;
  let headers: MsgHdrs | undefined;
  const names = Object.keys(record.headers);
  if (names.length > 0) {
    headers = natsHeaders();
    try {
      for (const name of names) headers.set(name, decoder.decode(record.headers[name]));
    } catch (error) {
      return `a record header cannot be a NATS header: ${errorText(error)}`;
    }
  }
  return { subject: rendered.subject, payload, headers, msgID: `${record.topic}-${record.partition.toString()}-${record.offset.toString()}` };
}

/** Nothing answered the publish: no stream takes the subject (the client reports it as "jetstream is not enabled"). */
function hasNoResponders(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof RequestError && cause.isNoResponders();
}

export default defineSink({
  type: "nats-sink",
  kind: "sink",
  description: "Publishes records to NATS JetStream subjects, with message ids so the stream drops records delivered again.",
  config: natsSinkConfig,

  async check({ config, name, logger }) {
    let link: NatsLink;
    try {
      link = await NatsLink.open(config, name, logger);
    } catch (error) {
      return { ok: false, message: errorText(error) };
    }
    try {
      if (isTemplated(config.subject)) return { ok: true, detail: "connected to JetStream; the stream for each subject is looked up at the first write" };
      const stream = await link.jsm.streams.find(config.subject);
      return { ok: true, detail: `stream ${stream} takes subject ${config.subject}` };
    } catch (error) {
      return { ok: false, message: `no NATS stream takes subject ${config.subject}: ${errorText(error)}.` };
    } finally {
      await link.close();
    }
  },

  async open({ config, name, logger }) {
    const link = await NatsLink.open(config, name, logger);

    return {
      async write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void> {
        signal.throwIfAborted();
        link.assertConnected();
        const maxPayload = link.connection.info?.max_payload ?? Number.MAX_SAFE_INTEGER;
        const publications: Publication[] = [];
        let refused: RecordError | undefined;
        for (const [index, record] of records.entries()) {
          const publication = publicationOf(record, config.subject, maxPayload);
          if (typeof publication === "string") {
            refused = new RecordError(index, publication);
            break;
          }
          publications.push(publication);
        }
        // All published at once (one connection keeps their order); every PubAck is awaited.
        const acks = await Promise.allSettled(
          publications.map((p) => link.js.publish(p.subject, p.payload, { msgID: p.msgID, timeout: config.ackTimeoutMs, ...(p.headers === undefined ? {} : { headers: p.headers }) })),
        );
        for (const [index, ack] of acks.entries()) {
          if (ack.status === "fulfilled") continue;
          const subject = publications[index]?.subject ?? "";
          if (hasNoResponders(ack.reason)) throw new PermanentError(`no NATS JetStream stream takes subject ${subject}.`, { cause: ack.reason });
          throw new Error(`JetStream did not acknowledge the record published to ${subject}: ${errorText(ack.reason)}`, { cause: ack.reason });
        }
        if (refused !== undefined) throw refused;
      },

      async close(): Promise<void> {
        await link.close();
      },
    };
  },
});
