/** What a client needs to reach a tenant cluster; the password itself is read from the environment. */
export type ConnectionDetails = { bootstrap: string; username: string };

/** The environment variable every snippet reads the password from, so snippets never embed a secret. */
export const PASSWORD_VARIABLE = "FRESHET_PASSWORD";

export function kcatSnippet({ bootstrap, username }: ConnectionDetails): string {
  return [
    `kcat -b ${bootstrap} \\`,
    "  -X security.protocol=SASL_PLAINTEXT \\",
    "  -X sasl.mechanisms=SCRAM-SHA-256 \\",
    `  -X sasl.username=${username} \\`,
    `  -X sasl.password="$${PASSWORD_VARIABLE}" \\`,
    "  -L",
  ].join("\n");
}

export function kafkajsSnippet({ bootstrap, username }: ConnectionDetails): string {
  return [
    'import { Kafka } from "kafkajs";',
    "",
    "const kafka = new Kafka({",
    `  brokers: [${JSON.stringify(bootstrap)}],`,
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

/** The CLI's global flags log in for one command; `-B` reads a topic from its beginning. */
export function cliSnippet({ bootstrap, username }: ConnectionDetails): string {
  const login = `freshet --bootstrap ${bootstrap} --sasl-username ${username} --sasl-password "$${PASSWORD_VARIABLE}"`;
  return [`${login} topic list`, `echo hello | ${login} produce greetings`, `${login} consume greetings -B -d`].join("\n");
}
