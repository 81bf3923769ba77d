variable "project_id" {
  type        = string
  description = "Google Cloud project of the Secret Manager secrets."
}

variable "name" {
  type        = string
  description = "Prefix of every secret's id, e.g. \"freshet-staging\"."
}

variable "database_url" {
  type        = string
  description = "DATABASE_URL of the api and worker (postgres module's database_url)."
  sensitive   = true
}

variable "redis_url" {
  type        = string
  description = "REDIS_URL of the api and worker (redis module's redis_url)."
  sensitive   = true
}

variable "external_secrets" {
  type        = list(string)
  description = "Secrets whose values come from outside (SMTP account, Stripe keys): created empty here, their versions are added by an operator with `gcloud secrets versions add`."
  default     = ["smtp-url", "stripe-secret-key", "stripe-webhook-secret"]
}

variable "accessors" {
  type        = map(string)
  description = "IAM members that read every secret, by a fixed label (keys known at plan time), e.g. { app = \"serviceAccount:...\" }."
  default     = {}
}
