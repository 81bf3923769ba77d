import { createTransport } from "nodemailer";
import type { Logger } from "pino";

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Where verification and invitation mail goes. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Mail through an SMTP server (SMTP_URL): a real relay, or `npm start`'s loopback catcher. */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

/**
 * Only where no SMTP server is configured and development secrets are allowed (tests, throwaway
 * setups): the message goes to the log, links included, so the person at the terminal can follow them.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    send(mail) {
      logger.info({ to: mail.to, subject: mail.subject, text: mail.text }, "mail (no SMTP_URL: logged, not sent)");
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
