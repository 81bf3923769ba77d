output "host" {
  description = "Private address of the primary."
  value       = google_redis_instance.this.host
}

output "port" {
  description = "Port of the primary (6378 with TLS, 6379 without)."
  value       = google_redis_instance.this.port
}

output "server_ca_certs" {
  description = "PEMs of the CA that signs the server's TLS certificate (public; clients must trust it)."
  value       = [for cert in google_redis_instance.this.server_ca_certs : cert.cert]
}

output "auth_string" {
  description = "The AUTH password Memorystore generated."
  value       = google_redis_instance.this.auth_string
  sensitive   = true
}

output "redis_url" {
  description = "REDIS_URL of the api and worker (rediss:// when transit encryption is on)."
  value       = "${local.tls ? "rediss" : "redis"}://:${google_redis_instance.this.auth_string}@${google_redis_instance.this.host}:${google_redis_instance.this.port}"
  sensitive   = true
}
