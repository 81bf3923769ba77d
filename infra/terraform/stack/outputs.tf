output "cluster_name" {
  description = "GKE cluster: gcloud container clusters get-credentials <name> --region <region>."
  value       = module.gke.cluster_name
}

output "image_repository" {
  description = "Artifact Registry path the api, worker and console images are pushed to."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "tenant_spu_taint" {
  description = "Taint and label of the tenant SPU node pool (the kubernetes provisioner's toleration and nodeSelector)."
  value       = module.gke.tenant_spu_taint
}

output "app_service_account" {
  description = "Google service account of the api and worker (iam.gke.io/gcp-service-account annotation)."
  value       = module.app_identity.email
}

output "cert_manager_service_account" {
  description = "Google service account of cert-manager's Kubernetes service account."
  value       = module.cert_manager_identity.email
}

output "bucket" {
  description = "Bucket of hub blobs (hub/) and lake files (lake/)."
  value       = module.storage.name
}

output "postgres_connection_name" {
  description = "Cloud SQL connection name."
  value       = module.postgres.connection_name
}

output "postgres_server_ca_cert" {
  description = "CA certificate the apps must trust to verify Cloud SQL's TLS (public)."
  value       = module.postgres.server_ca_cert
}

output "redis_server_ca_certs" {
  description = "CA certificates the apps must trust for rediss:// (public)."
  value       = module.redis.server_ca_certs
}

output "database_url" {
  description = "DATABASE_URL, also stored in Secret Manager; printed only with `terraform output -raw database_url`."
  value       = module.postgres.database_url
  sensitive   = true
}

output "secret_ids" {
  description = "Secret Manager ids of the apps' secrets, by purpose."
  value       = module.secrets.secret_ids
}

output "name_servers" {
  description = "Delegate the environment's domain to these name servers."
  value       = module.dns_tls.name_servers
}

output "console_host" {
  description = "Host name of the console."
  value       = module.dns_tls.console_host
}

output "console_address_name" {
  description = "Global address name for the console Gateway."
  value       = module.dns_tls.console_address_name
}

output "certificate_map_name" {
  description = "Certificate Manager map for the console Gateway."
  value       = module.dns_tls.certificate_map_name
}

output "tenants_zone" {
  description = "Domain of the tenant endpoints."
  value       = module.dns_tls.tenants_zone
}

output "tenants_address" {
  description = "Address of the tenant gateway's load balancer."
  value       = module.dns_tls.tenants_address
}
