variable "project_id" {
  type        = string
  description = "Google Cloud project of the Cloud SQL instance."
}

variable "region" {
  type        = string
  description = "Region of the Cloud SQL instance (the cluster's region, so the apps reach it without crossing regions)."
}

variable "name" {
  type        = string
  description = "Name of the Cloud SQL instance."
}

variable "network_id" {
  type        = string
  description = "VPC the instance gets its private address in; private services access must already be connected."
}

variable "database_version" {
  type        = string
  description = "Cloud SQL engine version, e.g. POSTGRES_16."
  default     = "POSTGRES_16"
}

variable "tier" {
  type        = string
  description = "Machine tier, e.g. db-custom-2-8192 (2 vCPU, 8 GiB)."
  default     = "db-custom-2-8192"
}

variable "high_availability" {
  type        = bool
  description = "REGIONAL availability (a standby in another zone) instead of ZONAL."
  default     = true
}

variable "disk_size_gb" {
  type        = number
  description = "Initial SSD size in GiB; storage grows automatically from there."
  default     = 50
}

variable "database_name" {
  type        = string
  description = "The control plane's database (the apps' DATABASE_URL path)."
  default     = "freshet"
}

variable "user_name" {
  type        = string
  description = "The control plane's database user; its password is generated here, never given."
  default     = "freshet"
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse deletion of the instance, both in Terraform and in the Cloud SQL API."
  default     = true
}
