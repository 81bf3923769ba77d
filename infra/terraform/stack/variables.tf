variable "project_id" {
  type        = string
  description = "Google Cloud project the environment lives in (one project per environment)."
}

variable "region" {
  type        = string
  description = "Region of the cluster, database, Redis and tenant endpoints."
}

variable "environment" {
  type        = string
  description = "Environment name, part of every resource's name: staging or production."

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "The environment must be staging or production."
  }
}

variable "domain" {
  type        = string
  description = "The environment's DNS domain without a trailing dot; the console is console.<domain>, tenants *.tenants.<domain>."
}

variable "master_authorized_networks" {
  type = list(object({
    cidr_block   = string
    display_name = string
  }))
  description = "Networks allowed to reach the GKE control plane (CI runners, operators' VPN)."
  default     = []
}

variable "system_pool" {
  type = object({
    machine_type   = string
    min_node_count = number
    max_node_count = number
  })
  description = "Node pool of the cloud's own apps; counts per zone."
}

variable "tenant_spu_pool" {
  type = object({
    machine_type   = string
    min_node_count = number
    max_node_count = number
    disk_size_gb   = number
  })
  description = "Node pool of tenant SPUs and SCs; counts per zone."
}

variable "postgres_tier" {
  type        = string
  description = "Cloud SQL machine tier of the control plane database."
}

variable "postgres_high_availability" {
  type        = bool
  description = "Run Cloud SQL with a standby in a second zone."
}

variable "redis_tier" {
  type        = string
  description = "Memorystore tier: BASIC or STANDARD_HA."
}

variable "bucket_location" {
  type        = string
  description = "Location of the hub and lake bucket (a region or a multi-region)."
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the cluster, database and bucket contents from `terraform destroy`."
  default     = true
}

variable "app_namespace" {
  type        = string
  description = "Kubernetes namespace of the cloud's own apps (infra/kubernetes)."
  default     = "freshet"
}
