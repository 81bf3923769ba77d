variable "project_id" {
  type        = string
  description = "Google Cloud project of this environment."
}

variable "region" {
  type        = string
  description = "Region of this environment."
  default     = "europe-west1"
}

variable "domain" {
  type        = string
  description = "DNS domain of this environment, without a trailing dot."
}

variable "master_authorized_networks" {
  type = list(object({
    cidr_block   = string
    display_name = string
  }))
  description = "Networks allowed to reach the GKE control plane."
  default     = []
}
