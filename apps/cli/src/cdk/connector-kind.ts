/** What `freshet cdk init --kind` scaffolds: the two directions a connector moves records in. */
export const CONNECTOR_KINDS = ["source", "sink"] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];
