/**
 * What a client needs to reach a tenant cluster; the password itself is read from the environment.
 * With the cluster's CA, snippets connect with TLS (SASL_SSL) and trust only that CA.
 */
export type ConnectionDetails = { bootstrap: string; username: string; caPem?: string | null };

/** The environment variable every snippet reads the password from, so snippets never embed a secret. */
export const PASSWORD_VARIABLE = "FRESHET_PASSWORD";

/** The file the snippets read the cluster's CA from (the console offers it for download). */
export const CA_FILE = "freshet-ca.pem";

/** A shell here-document writing the CA beside the command, so the kcat snippet runs as pasted. */
function writeCaFile(caPem: string): string[] {
  return [`cat > ${CA_FILE} <<'PEM'`, ...caPem.trim().split("\n"), "PEM"];
}

export function kcatSnippet({ bootstrap, username, caPem }: ConnectionDetails): string {
  const transport = caPem ? ["  -X security.protocol=SASL_SSL \\", `  -X ssl.ca.location=${CA_FILE} \\`] : ["  -X security.protocol=SASL_PLAINTEXT \\"];
  return [
    ...(caPem ? writeCaFile(caPem) : []),
    `kcat -b ${bootstrap} \\`,
    ...transport,
    "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
    `  -X sasl.username=${username} \\`,
    `  -X sasl.password="$${PASSWORD_VARIABLE}" \\`,
    "  -L",
  ].join("\n");
}

export function kafkajsSnippet({ bootstrap, username, caPem }: ConnectionDetails): string {
  return [
    ...(caPem ? ['import { readFileSync } from "node:fs";'] : []),
    'import { Kafka } from "kafkajs";',
    "",
    "const kafka = new Kafka({",
    `  brokers: [${JSON.stringify(bootstrap)}],`,
    ...(caPem ? [`  ssl: { ca: [readFileSync(${JSON.stringify(CA_FILE)}, "utf8")] },`] : []),
    "  sasl: {",
    '    mechanism: "scram-sha-256",',
    `    username: ${JSON.stringify(username)},`,
    `    password: process.env.${PASSWORD_VARIABLE},`,
    "  },",
    "});",
    "",
    "const admin = kafka.admin();",
    "await admin.connect();",
    "console.log(await admin.listTopics());",
    "await admin.disconnect();",
  ].join("\n");
}

/** The CLI's global flags log in for one command (SCRAM, which never sends the password); `-B` reads a topic from its beginning. */
export function cliSnippet({ bootstrap, username }: ConnectionDetails): string {
  const login = `freshet --bootstrap ${bootstrap} --sasl-username ${username} --sasl-password "$${PASSWORD_VARIABLE}"`;
  return [`${login} topic list`, `echo hello | ${login} produce greetings`, `${login} consume greetings -B -d`].join("\n");
}
