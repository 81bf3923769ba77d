output "cluster_id" {
  description = "Id of the GKE cluster (projects/<project>/locations/<region>/clusters/<name>)."
  value       = google_container_cluster.this.id
}

output "cluster_name" {
  description = "Name of the GKE cluster, for `gcloud container clusters get-credentials`."
  value       = google_container_cluster.this.name
}

output "endpoint" {
  description = "Public address of the cluster's control plane (reachable only from master_authorized_networks)."
  value       = google_container_cluster.this.endpoint
}

output "cluster_ca_certificate" {
  description = "Base64 PEM of the cluster CA, for kubeconfigs (public, not a secret)."
  value       = google_container_cluster.this.master_auth[0].cluster_ca_certificate
}

# Read from the cluster, not rebuilt from the project id: the pool exists only once the first cluster
# with Workload Identity does, so bindings that use this output wait for the cluster.
output "workload_pool" {
  description = "Workload Identity pool: members look like serviceAccount:<pool>[<namespace>/<ksa>]."
  value       = google_container_cluster.this.workload_identity_config[0].workload_pool
}

output "tenant_spu_taint" {
  description = "Taint and label of the tenant SPU pool, to be tolerated and selected by tenant pods."
  value       = var.tenant_spu_taint
}
