variable "project_id" {
  type        = string
  description = "Google Cloud project of the service account."
}

variable "account_id" {
  type        = string
  description = "Service account id (6 to 30 characters), e.g. \"freshet-staging-app\"."

  validation {
    condition     = length(var.account_id) >= 6 && length(var.account_id) <= 30
    error_message = "A service account id has 6 to 30 characters."
  }
}

variable "display_name" {
  type        = string
  description = "Human-readable name of the service account."
}

variable "workload_pool" {
  type        = string
  description = "Workload Identity pool of the GKE cluster (gke module's workload_pool); the binding fails until the cluster exists."
}

variable "kubernetes_service_accounts" {
  type        = list(string)
  description = "Kubernetes service accounts, as \"<namespace>/<name>\", that act as this Google service account."
}

variable "project_roles" {
  type        = list(string)
  description = "Project-level roles granted to the service account (keep empty when grants are per resource)."
  default     = []
}
