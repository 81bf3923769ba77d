import { DecodeError } from "../io/decode-error.js";
import { Reader } from "../io/reader.js";
import { Writer } from "../io/writer.js";
import { isFlexible, type ApiDefinition, type RequestOf, type ResponseOf } from "../messages/define.js";
import { err, ok, type Result } from "../result.js";
import { readRequestHeader, readResponseHeader, responseHeaderIsFlexible, writeRequestHeader, writeResponseHeader, type RequestHeader } from "./headers.js";

/** The fixed first eight bytes of any request header. */
export interface RequestPreamble {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
}

export function peekRequestPreamble(frame: Uint8Array): Result<RequestPreamble, DecodeError> {
  if (frame.byteLength < 8) return err(new DecodeError(`request frame of ${frame.byteLength} bytes is shorter than a header`, 0));
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return ok({ apiKey: view.getInt16(0), apiVersion: view.getInt16(2), correlationId: view.getInt32(4) });
}

function capture<T>(decode: () => T): Result<T, DecodeError> {
  try {
    return ok(decode());
  } catch (cause) {
    if (cause instanceof DecodeError) return err(cause);
    return err(new DecodeError("malformed input", 0, { cause }));
  }
}

/** Decodes a request frame (without its size prefix) whose api key matches `api`. */
export function decodeRequest<A extends ApiDefinition>(api: A, frame: Uint8Array): Result<{ header: RequestHeader; body: RequestOf<A> }, DecodeError> {
  // The version decides the header layout, so it is read (bounds-checked) first.
  const preamble = peekRequestPreamble(frame);
  if (!preamble.ok) return preamble;
  const { apiKey, apiVersion } = preamble.value;
  return capture(() => {
    const reader = new Reader(frame);
    // Checked before the header: another api's header may not even parse with this one's layout.
    if (apiKey !== api.key) reader.fail(`api key ${apiKey} is not ${api.name}`);
    const flexible = isFlexible(api, apiVersion);
    const header = readRequestHeader(reader, flexible);
    const body = api.request.read(reader, flexible, apiVersion) as RequestOf<A>;
    return { header, body };
  });
}

function frameWith(write: (writer: Writer) => void): Uint8Array[] {
  const writer = new Writer();
  const size = writer.reserveInt32();
  write(writer);
  size.set(writer.length - 4);
  return writer.chunks();
}

/** A size-prefixed request frame, as chunks ready for the socket. */
export function encodeRequest<A extends ApiDefinition>(api: A, header: RequestHeader, body: RequestOf<A>): Uint8Array[] {
  const flexible = isFlexible(api, header.apiVersion);
  return frameWith((writer) => {
    writeRequestHeader(writer, header, flexible);
    api.request.write(writer, body, flexible, header.apiVersion);
  });
}

/** A size-prefixed response frame, as chunks ready for the socket. */
export function encodeResponse<A extends ApiDefinition>(api: A, version: number, correlationId: number, body: ResponseOf<A>): Uint8Array[] {
  const flexible = isFlexible(api, version);
  return frameWith((writer) => {
    writeResponseHeader(writer, correlationId, responseHeaderIsFlexible(api.key, flexible));
    api.response.write(writer, body, flexible, version);
  });
}

/** Decodes a response frame (without its size prefix) for a request sent at `version`. */
export function decodeResponse<A extends ApiDefinition>(api: A, version: number, frame: Uint8Array): Result<{ correlationId: number; body: ResponseOf<A> }, DecodeError> {
  return capture(() => {
    const reader = new Reader(frame);
    const flexible = isFlexible(api, version);
    const correlationId = readResponseHeader(reader, responseHeaderIsFlexible(api.key, flexible));
    const body = api.response.read(reader, flexible, version) as ResponseOf<A>;
    return { correlationId, body };
  });
}
