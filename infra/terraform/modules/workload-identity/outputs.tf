output "email" {
  description = "Email of the service account (the iam.gke.io/gcp-service-account annotation of the Kubernetes service accounts)."
  value       = google_service_account.this.email
}

output "member" {
  description = "IAM member string of the service account, for per-resource grants."
  value       = "serviceAccount:${google_service_account.this.email}"
}
