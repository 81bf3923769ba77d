/*
 * Request header v1 => api_key:int16 api_version:int16 correlation_id:int32 client_id:NULLABLE_STRING
 * Request header v2 => v1 + TAG_BUFFER (client_id stays a classic int16-length string)
 * Response header v0 => correlation_id:int32
 * Response header v1 => v0 + TAG_BUFFER
 *
 * The first eight bytes have the same position in every header version, so a
 * request we cannot decode further can still be dispatched or answered.
 */
import type { Reader } from "../io/reader.js";
import type { Writer } from "../io/writer.js";
import { skipTaggedFields } from "../schema/tagged-fields.js";
import { nullableString } from "../schema/types.js";

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** Key of ApiVersions, whose response header is always v0. */
export const API_VERSIONS_KEY = 18;

export function readRequestHeader(reader: Reader, flexible: boolean): RequestHeader {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = nullableString.read(reader, false, 0);
  if (flexible) skipTaggedFields(reader);
  return { apiKey, apiVersion, correlationId, clientId };
}

export function writeRequestHeader(writer: Writer, header: RequestHeader, flexible: boolean): void {
  writer.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId);
  nullableString.write(writer, header.clientId, false, 0);
  if (flexible) writer.uvarint(0);
}

export function responseHeaderIsFlexible(apiKey: number, bodyFlexible: boolean): boolean {
  return bodyFlexible && apiKey !== API_VERSIONS_KEY;
}

export function writeResponseHeader(writer: Writer, correlationId: number, flexible: boolean): void {
  writer.int32(correlationId);
  if (flexible) writer.uvarint(0);
}

export function readResponseHeader(reader: Reader, flexible: boolean): number {
  const correlationId = reader.int32();
  if (flexible) skipTaggedFields(reader);
  return correlationId;
}
