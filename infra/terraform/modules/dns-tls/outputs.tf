output "zone_name" {
  description = "Name of the Cloud DNS managed zone (cert-manager's DNS-01 solver writes into it)."
  value       = google_dns_managed_zone.this.name
}

output "name_servers" {
  description = "Name servers to delegate the domain to from its parent zone."
  value       = google_dns_managed_zone.this.name_servers
}

output "console_host" {
  description = "Host name of the console."
  value       = local.console_host
}

output "console_address_name" {
  description = "Name of the console's global address (the Gateway's NamedAddress)."
  value       = google_compute_global_address.console.name
}

output "tenants_zone" {
  description = "Domain under which each tenant SPU gets a name (wildcard record)."
  value       = local.tenants_zone
}

output "tenants_address" {
  description = "Regional address of the tenant gateway's load balancer (loadBalancerIP of its Service)."
  value       = google_compute_address.tenants.address
}

output "certificate_map_name" {
  description = "Certificate Manager map for the console's Gateway (annotation networking.gke.io/certmap)."
  value       = google_certificate_manager_certificate_map.this.name
}
