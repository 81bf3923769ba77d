import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message the catcher took in, parsed. */
export interface CaughtMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Every http(s) URL in the text, in order: what a reader would click. */
  readonly links: readonly string[];
}

export interface MailCatcherOptions {
  /** Loopback port to listen on; 0 picks a free one. */
  readonly port?: number;
  /** Called for each message as it arrives (`npm start` prints it). */
  readonly onMail?: (mail: CaughtMail) => void;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;
const LINK = /https?:\/\/[^\s<>"')\]]+/g;

/**
 * An SMTP server on loopback that delivers nowhere: it keeps what it is sent, so local mode and
 * tests can read verification and invitation mail. It takes any sender, any recipient and no
 * login, which is safe only because nothing but this machine can reach it.
 */
export class MailCatcher {
  readonly #server: SMTPServer;
  readonly #caught: CaughtMail[] = [];
  readonly #waiters = new Set<() => void>();
  #port = 0;

  private constructor(options: MailCatcherOptions) {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onData: (stream, _session, done) => {
        simpleParser(stream).then(
          (parsed) => {
            const text = parsed.text ?? "";
            const to = [parsed.to ?? []].flat().flatMap((group) => group.value.map((address) => address.address ?? ""));
            const mail: CaughtMail = { to, subject: parsed.subject ?? "", text, links: text.match(LINK) ?? [] };
            this.#caught.push(mail);
            options.onMail?.(mail);
            for (const wake of this.#waiters) wake();
            done();
          },
          (cause: unknown) => done(cause instanceof Error ? cause : new Error(String(cause))),
        );
      },
    });
  }

  static async start(options: MailCatcherOptions = {}): Promise<MailCatcher> {
    const catcher = new MailCatcher(options);
    await new Promise<void>((resolve, reject) => {
      catcher.#server.once("error", reject);
      catcher.#server.listen(options.port ?? 0, "127.0.0.1", () => {
        catcher.#server.off("error", reject);
        resolve();
      });
    });
    catcher.#port = (catcher.#server.server.address() as AddressInfo).port;
    return catcher;
  }

  /** Where to send: the API's SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Everything caught so far, oldest first. */
  mails(): readonly CaughtMail[] {
    return [...this.#caught];
  }

  /** The first caught message (past or future) that `matches`; rejects after `timeoutMs`. */
  async waitFor(matches: (mail: CaughtMail) => boolean, timeoutMs = 10_000): Promise<CaughtMail> {
    const found = () => this.#caught.find(matches);
    const already = found();
    if (already !== undefined) return already;
    return new Promise((resolve, reject) => {
      const wake = () => {
        const mail = found();
        if (mail === undefined) return;
        finish();
        resolve(mail);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no mail matched within ${timeoutMs} ms; caught: ${JSON.stringify(this.#caught.map((m) => [m.to, m.subject]))}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
