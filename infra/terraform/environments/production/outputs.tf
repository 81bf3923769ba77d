output "cluster_name" {
  description = "GKE cluster of this environment."
  value       = module.freshet.cluster_name
}

output "image_repository" {
  description = "Artifact Registry path of the app images."
  value       = module.freshet.image_repository
}

output "tenant_spu_taint" {
  description = "Taint and label of the tenant SPU node pool."
  value       = module.freshet.tenant_spu_taint
}

output "app_service_account" {
  description = "Google service account of the api and worker."
  value       = module.freshet.app_service_account
}

output "cert_manager_service_account" {
  description = "Google service account of cert-manager."
  value       = module.freshet.cert_manager_service_account
}

output "bucket" {
  description = "Bucket of hub blobs and lake files."
  value       = module.freshet.bucket
}

output "database_url" {
  description = "DATABASE_URL (also in Secret Manager)."
  value       = module.freshet.database_url
  sensitive   = true
}

output "secret_ids" {
  description = "Secret Manager ids of the apps' secrets."
  value       = module.freshet.secret_ids
}

output "name_servers" {
  description = "Name servers to delegate the domain to."
  value       = module.freshet.name_servers
}

output "console_host" {
  description = "Host name of the console."
  value       = module.freshet.console_host
}

output "certificate_map_name" {
  description = "Certificate Manager map for the console Gateway."
  value       = module.freshet.certificate_map_name
}

output "tenants_address" {
  description = "Address of the tenant gateway's load balancer."
  value       = module.freshet.tenants_address
}
