variable "project_id" {
  type        = string
  description = "Google Cloud project of the Memorystore instance."
}

variable "region" {
  type        = string
  description = "Region of the Memorystore instance."
}

variable "name" {
  type        = string
  description = "Name of the Memorystore for Redis instance."
}

variable "network_id" {
  type        = string
  description = "VPC the instance is reached from (private services access must already be connected)."
}

variable "memory_size_gb" {
  type        = number
  description = "Memory in GiB. BullMQ's queues (provisioning, metering, billing, alerts) are small."
  default     = 1
}

variable "tier" {
  type        = string
  description = "BASIC (one node) or STANDARD_HA (a replica with automatic failover)."
  default     = "STANDARD_HA"

  validation {
    condition     = contains(["BASIC", "STANDARD_HA"], var.tier)
    error_message = "The tier must be BASIC or STANDARD_HA."
  }
}

variable "redis_version" {
  type        = string
  description = "Memorystore Redis version, e.g. REDIS_7_2."
  default     = "REDIS_7_2"
}

variable "transit_encryption_mode" {
  type        = string
  description = "SERVER_AUTHENTICATION (TLS on port 6378; clients need the server CA, see server_ca_certs) or DISABLED."
  default     = "SERVER_AUTHENTICATION"

  validation {
    condition     = contains(["SERVER_AUTHENTICATION", "DISABLED"], var.transit_encryption_mode)
    error_message = "The transit encryption mode must be SERVER_AUTHENTICATION or DISABLED."
  }
}
