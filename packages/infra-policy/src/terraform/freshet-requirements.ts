/* What infra/terraform must declare for the Freshet cloud on Google Cloud (issue 19). */
import type { RequiredResource } from "./policies/required-resources.js";

export const FRESHET_REQUIRED_RESOURCES: readonly RequiredResource[] = [
  { type: "google_container_cluster", purpose: "the managed Kubernetes cluster" },
  { type: "google_container_node_pool", having: ["node_config", "taint"], purpose: "the tenant SPU pool" },
  { type: "google_sql_database_instance", purpose: "the managed Postgres instance" },
  { type: "google_sql_database", purpose: "the control plane's database" },
  { type: "google_sql_user", purpose: "the control plane's database user" },
  { type: "random_password", purpose: "a generated password (no literal secrets)" },
  { type: "google_redis_instance", purpose: "the managed Redis behind BullMQ" },
  { type: "google_storage_bucket", purpose: "the bucket of hub blobs and lake files" },
  { type: "google_dns_managed_zone", purpose: "the DNS zone of the console and tenant endpoints" },
  { type: "google_dns_record_set", purpose: "the DNS records of the console and tenant endpoints" },
  { type: "google_certificate_manager_certificate", purpose: "the console's TLS certificate" },
  { type: "google_secret_manager_secret_version", purpose: "the apps' secrets in Secret Manager" },
];
