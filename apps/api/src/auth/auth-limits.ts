import { AttemptWindow } from "./attempt-window.js";
import { KnownAddresses } from "./known-addresses.js";

/**
 * The limits in front of better-auth's email endpoints. Only failed sign-ins count, so a person
 * who types the password right is never slowed down. They slow the guessing address, not the owner:
 * - per client address and email: one address guessing one account stops after 5 tries a minute;
 * - per client address, any email: an address spraying many accounts stops after 30 failures in
 *   15 minutes;
 * - per email, from addresses that have not signed in to it in the last 30 days: guesses spread
 *   over many addresses stop after 20 in 15 minutes. An address the owner signed in from keeps
 *   working (still under the first limit), so an attacker elsewhere cannot lock them out; a
 *   genuinely new address of the owner's waits like a stranger's would.
 * - accounts created per client address: 10 an hour (every sign-up answer counts, since a new and
 *   an existing email must look alike);
 * - device codes requested per client address (`freshet cloud login --device`): 20 an hour,
 *   since each one is a row until it expires.
 * Client addresses come from X-Forwarded-For only when the console's proxy vouches for it
 * (see clientAddress), so a direct caller cannot name a fresh address for every guess.
 */
export interface AuthLimits {
  readonly signInPerAddressAndAccount: AttemptWindow;
  readonly signInPerAddress: AttemptWindow;
  readonly signInPerAccount: AttemptWindow;
  readonly knownAddresses: KnownAddresses;
  readonly signUpPerAddress: AttemptWindow;
  readonly deviceCodesPerAddress: AttemptWindow;
}

const MINUTE = 60_000;

export function createAuthLimits(now: () => number = Date.now): AuthLimits {
  return {
    signInPerAddressAndAccount: new AttemptWindow({ maxAttempts: 5, windowMs: MINUTE, now }),
    signInPerAddress: new AttemptWindow({ maxAttempts: 30, windowMs: 15 * MINUTE, now }),
    signInPerAccount: new AttemptWindow({ maxAttempts: 20, windowMs: 15 * MINUTE, now }),
    knownAddresses: new KnownAddresses({ rememberMs: 30 * 24 * 60 * MINUTE, now }),
    signUpPerAddress: new AttemptWindow({ maxAttempts: 10, windowMs: 60 * MINUTE, now }),
    deviceCodesPerAddress: new AttemptWindow({ maxAttempts: 20, windowMs: 60 * MINUTE, now }),
  };
}
