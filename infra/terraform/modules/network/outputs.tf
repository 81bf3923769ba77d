output "network_id" {
  description = "Self link id of the VPC (projects/<project>/global/networks/<name>)."
  value       = google_compute_network.this.id
}

output "subnetwork_id" {
  description = "Id of the nodes' subnetwork."
  value       = google_compute_subnetwork.nodes.id
}

output "pods_range_name" {
  description = "Name of the secondary range GKE gives pods."
  value       = google_compute_subnetwork.nodes.secondary_ip_range[0].range_name
}

output "services_range_name" {
  description = "Name of the secondary range GKE gives services."
  value       = google_compute_subnetwork.nodes.secondary_ip_range[1].range_name
}

output "private_services_connection" {
  description = "The private services access peering; Cloud SQL and Memorystore need it before they are created."
  value       = google_service_networking_connection.private_services.id
}
