output "instance_name" {
  description = "Name of the Cloud SQL instance."
  value       = google_sql_database_instance.this.name
}

output "connection_name" {
  description = "project:region:instance, for the Cloud SQL Auth Proxy."
  value       = google_sql_database_instance.this.connection_name
}

output "private_ip_address" {
  description = "The instance's private address in the VPC."
  value       = google_sql_database_instance.this.private_ip_address
}

output "database_url" {
  description = "DATABASE_URL of the api and worker (TLS required by the instance)."
  value       = "postgresql://${google_sql_user.this.name}:${random_password.user.result}@${google_sql_database_instance.this.private_ip_address}:5432/${google_sql_database.this.name}?sslmode=require"
  sensitive   = true
}

output "server_ca_cert" {
  description = "PEM of the CA that signs the instance's server certificate (public); clients that verify TLS trust it."
  value       = google_sql_database_instance.this.server_ca_cert[0].cert
}
