import { AttemptWindow } from "./attempt-window.js";

/**
 * The limits in front of better-auth's email endpoints. Only failed sign-ins count, so a person
 * who types the password right is never slowed down.
 * - per client address and email: one address guessing one account stops after 5 tries a minute;
 * - per email from any address: guesses spread over many addresses (or a forged
 *   X-Forwarded-For) stop after 20 in 15 minutes — the account is briefly locked rather than
 *   open to unbounded guessing;
 * - accounts created per client address: 10 an hour;
 * - device codes requested per client address (`freshet cloud login --device`): 20 an hour,
 *   since each one is a row until it expires.
 */
export interface AuthLimits {
  readonly signInPerAddress: AttemptWindow;
  readonly signInPerAccount: AttemptWindow;
  readonly signUpPerAddress: AttemptWindow;
  readonly deviceCodesPerAddress: AttemptWindow;
}

export function createAuthLimits(now: () => number = Date.now): AuthLimits {
  return {
    signInPerAddress: new AttemptWindow({ maxAttempts: 5, windowMs: 60_000, now }),
    signInPerAccount: new AttemptWindow({ maxAttempts: 20, windowMs: 15 * 60_000, now }),
    signUpPerAddress: new AttemptWindow({ maxAttempts: 10, windowMs: 60 * 60_000, now }),
    deviceCodesPerAddress: new AttemptWindow({ maxAttempts: 20, windowMs: 60 * 60_000, now }),
  };
}
