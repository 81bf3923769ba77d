import { describe, expect, it } from "vitest";
import { cliSnippet, kafkajsSnippet, kcatSnippet } from "./connect-snippets";

const details = { bootstrap: "127.0.0.1:41234", username: "u_7f3a" };

describe("connect snippets", () => {
  it("kcat logs in with SCRAM-SHA-256 over SASL_PLAINTEXT, the password read from the environment into a config file, and lists metadata", () => {
    expect(kcatSnippet(details)).toBe(
      [
        "kcat -b 127.0.0.1:41234 \\",
        "  -X security.protocol=SASL_PLAINTEXT \\",
        "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
        "  -X sasl.username=u_7f3a \\",
        "  -F <(printf 'sasl.password=%s\\n' \"$FRESHET_PASSWORD\") \\",
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
        "  -F <(printf 'sasl.password=%s\\n' \"$FRESHET_PASSWORD\") \\",
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

  it("the CLI runs through npx, logs in with global flags and leaves the password to $FRESHET_PASSWORD", () => {
    const login = "npx freshet --bootstrap 127.0.0.1:41234 --sasl-username u_7f3a";
    expect(cliSnippet(details, "orders")).toBe(
      [
        "# In the Freshet clone after npm install; the CLI reads the password from $FRESHET_PASSWORD.",
        `${login} topic list`,
        `echo hello | ${login} produce orders`,
        `${login} consume orders -B -d`,
      ].join("\n"),
    );
    for (const snippet of [cliSnippet(details, "orders"), kcatSnippet(details)]) expect(snippet).not.toMatch(/--sasl-password|-X sasl\.password/);
  });

  it("the CLI creates a topic to produce to when the cluster has none", () => {
    const lines = cliSnippet(details, null).split("\n");
    expect(lines.slice(2)).toEqual([
      "npx freshet --bootstrap 127.0.0.1:41234 --sasl-username u_7f3a topic create greetings",
      "echo hello | npx freshet --bootstrap 127.0.0.1:41234 --sasl-username u_7f3a produce greetings",
      "npx freshet --bootstrap 127.0.0.1:41234 --sasl-username u_7f3a consume greetings -B -d",
    ]);
  });
});
