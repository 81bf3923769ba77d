import { describe, expect, it } from "vitest";
import { cliSnippet, kafkajsSnippet, kcatSnippet } from "./connect-snippets";

const details = { bootstrap: "127.0.0.1:41234", username: "u_7f3a" };

describe("connect snippets", () => {
  it("kcat logs in with SCRAM-SHA-256 over SASL_PLAINTEXT and lists metadata", () => {
    expect(kcatSnippet(details)).toBe(
      [
        "kcat -b 127.0.0.1:41234 \\",
        "  -X security.protocol=SASL_PLAINTEXT \\",
        "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
        "  -X sasl.username=u_7f3a \\",
        '  -X sasl.password="$FRESHET_PASSWORD" \\',
        "  -L",
      ].join("\n"),
    );
  });

  it("kcat with the cluster's CA writes it beside the command and connects with SASL_SSL", () => {
    const caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    expect(kcatSnippet({ ...details, caPem })).toBe(
      [
        "cat > freshet-ca.pem <<'PEM'",
        "-----BEGIN CERTIFICATE-----",
        "MIIB",
        "-----END CERTIFICATE-----",
        "PEM",
        "kcat -b 127.0.0.1:41234 \\",
        "  -X security.protocol=SASL_SSL \\",
        "  -X ssl.ca.location=freshet-ca.pem \\",
        "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
        "  -X sasl.username=u_7f3a \\",
        '  -X sasl.password="$FRESHET_PASSWORD" \\',
        "  -L",
      ].join("\n"),
    );
    expect(kafkajsSnippet({ ...details, caPem })).toContain('  ssl: { ca: [readFileSync("freshet-ca.pem", "utf8")] },');
  });

  it("kafkajs reads the password from the environment", () => {
    const snippet = kafkajsSnippet(details);
    expect(snippet).toContain('brokers: ["127.0.0.1:41234"],');
    expect(snippet).toContain('mechanism: "scram-sha-256",');
    expect(snippet).toContain('username: "u_7f3a",');
    expect(snippet).toContain("password: process.env.FRESHET_PASSWORD,");
  });

  it("the CLI passes the login as global flags", () => {
    expect(cliSnippet(details).split("\n")[0]).toBe('freshet --bootstrap 127.0.0.1:41234 --sasl-username u_7f3a --sasl-password "$FRESHET_PASSWORD" topic list');
  });
});
