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

/**
 * kcat reads the password from a config "file" that the shell fills from the environment
 * (printf is a shell builtin), so the password is on no command line for `ps` to show.
 */
export function kcatSnippet({ bootstrap, username, caPem }: ConnectionDetails): string {
  const transport = caPem ? ["  -X security.protocol=SASL_SSL \\", `  -X ssl.ca.location=${CA_FILE} \\`] : ["  -X security.protocol=SASL_PLAINTEXT \\"];
  return [
    ...(caPem ? writeCaFile(caPem) : []),
    `kcat -b ${bootstrap} \\`,
    ...transport,
    "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
    `  -X sasl.username=${username} \\`,
    `  -F <(printf 'sasl.password=%s\\n' "$${PASSWORD_VARIABLE}") \\`,
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

/** The topic the CLI snippet creates when the cluster has none to produce to. */
export const SNIPPET_TOPIC = "greetings";

/**
 * The CLI as the README installs it (`npx freshet` inside the repository's clone). The login is
 * global flags with the password read from $FRESHET_PASSWORD by the CLI itself, so it appears on
 * no command line (SCRAM never sends it either). It produces to `topic`, one of the cluster's,
 * or creates one first; `-B -d` reads the topic from its beginning and stops at its end.
 */
export function cliSnippet({ bootstrap, username }: ConnectionDetails, topic: string | null = null): string {
  const login = `npx freshet --bootstrap ${bootstrap} --sasl-username ${username}`;
  const target = topic ?? SNIPPET_TOPIC;
  return [
    `# In the Freshet clone after npm install; the CLI reads the password from $${PASSWORD_VARIABLE}.`,
    `${login} topic list`,
    ...(topic === null ? [`${login} topic create ${target}`] : []),
    `echo hello | ${login} produce ${target}`,
    `${login} consume ${target} -B -d`,
  ].join("\n");
}
