import type { Mail } from "./mailer.js";

/** The link better-auth made: opening it verifies the address and signs in. */
export function verificationMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your email for Freshet",
    text: `Open this link to confirm your email address and sign in to Freshet:\n\n${link}\n\nThe link works for 24 hours. If you did not sign up, ignore this message.\n`,
  };
}

/**
 * Sent instead of an account when someone signs up with an address that already has one: the
 * sign-up answer cannot tell them apart, and only the owner learns that it happened.
 */
export function existingAccountMail(to: string, consoleOrigin: string): Mail {
  return {
    to,
    subject: "Someone tried to sign up to Freshet with your email",
    text:
      `Someone just tried to create a Freshet account with this email address, which already has one.\n\n` +
      `If it was you, sign in instead: ${consoleOrigin}/sign-in\n\nIf not, you can ignore this message; nothing changed on your account.\n`,
  };
}

export function invitationMail(invitation: { to: string; organizationName: string; inviterName: string; role: string; consoleOrigin: string }): Mail {
  const acceptPage = `${invitation.consoleOrigin}/onboarding`;
  return {
    to: invitation.to,
    subject: `${invitation.inviterName} invited you to ${invitation.organizationName} on Freshet`,
    text:
      `${invitation.inviterName} invited you to join ${invitation.organizationName} on Freshet as ${invitation.role}.\n\n` +
      `Accept it here, signed in with this email address (sign up with it first if you have no account; ` +
      `the invitation is yours once the address is confirmed):\n\n${acceptPage}\n\nThe invitation expires in 7 days.\n`,
  };
}
