output "secret_ids" {
  description = "Secret Manager ids by purpose (names only, never values), for the cluster's secret sync."
  value       = { for id, secret in google_secret_manager_secret.this : id => secret.secret_id }
}
