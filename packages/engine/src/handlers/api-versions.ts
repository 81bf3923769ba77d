import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { handler } from "../server/handler.js";

/** `advertised` is read per request: the table is whatever the dispatcher serves. */
export function apiVersionsHandler(advertised: () => { apiKey: number; minVersion: number; maxVersion: number }[]) {
  return handler(apiVersions, () => ({ errorCode: 0, apiKeys: advertised(), throttleTimeMs: 0 }));
}
