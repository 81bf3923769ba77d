import { errorCode } from "@freshet/protocol/errors/error-codes";
import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { controllerAuthBegin, controllerAuthProve } from "@freshet/protocol/messages/freshet/controller-api";
import { controllerClientProof, controllerNonce, controllerServerProof, sameProof } from "@freshet/protocol/messages/freshet/controller-auth-proof";
import { err, ok, type Result } from "@freshet/protocol/result";

/** Sends one request on the connection being authenticated and resolves with its answer. */
export type ControllerCall = <A extends ApiDefinition>(api: A, body: RequestOf<A>) => Promise<ResponseOf<A>>;

export interface ControllerAuthFailure {
  /** The controller's error code; SASL_AUTHENTICATION_FAILED when it is the controller that failed to prove itself. */
  readonly errorCode: number;
  readonly message: string;
}

/**
 * The first exchange of every controller connection (controller-api.ts,
 * ControllerAuthBegin/Prove): proves this process holds the cluster's secret and
 * checks that the controller holds it too, so an SPU never follows the state of
 * a process that took over the controller's port.
 */
export async function authenticateToController(call: ControllerCall, secret: Uint8Array): Promise<Result<void, ControllerAuthFailure>> {
  const clientNonce = controllerNonce();
  const begun = await call(controllerAuthBegin, { clientNonce });
  if (begun.errorCode !== 0) return err({ errorCode: begun.errorCode, message: begun.errorMessage ?? "the controller refused to authenticate" });
  const clientProof = await controllerClientProof(secret, clientNonce, begun.serverNonce);
  const proved = await call(controllerAuthProve, { clientProof });
  if (proved.errorCode !== 0) return err({ errorCode: proved.errorCode, message: proved.errorMessage ?? "the controller refused the controller secret" });
  const expected = await controllerServerProof(secret, clientNonce, begun.serverNonce);
  if (!sameProof(expected, proved.serverProof)) {
    return err({ errorCode: errorCode("SASL_AUTHENTICATION_FAILED"), message: "the controller could not prove it holds this cluster's controller secret" });
  }
  return ok(undefined);
}
