variable "project_id" {
  type        = string
  description = "Google Cloud project of the DNS zone, addresses and certificates."
}

variable "region" {
  type        = string
  description = "Region of the tenant endpoints' address (the regional load balancer in front of the tenant gateway)."
}

variable "name" {
  type        = string
  description = "Prefix of every resource's name, e.g. \"freshet-staging\"."
}

variable "domain" {
  type        = string
  description = "The environment's domain without a trailing dot, e.g. \"staging.freshet.example\"; the zone is created for it and must be delegated from its parent (see name_servers)."

  validation {
    condition     = !endswith(var.domain, ".")
    error_message = "Give the domain without a trailing dot."
  }
}

variable "console_label" {
  type        = string
  description = "Host label of the console: the console lives at <console_label>.<domain>."
  default     = "console"
}

variable "tenants_label" {
  type        = string
  description = "Label under which tenant endpoints live: *.<tenants_label>.<domain> (one name per SPU)."
  default     = "tenants"
}

variable "ttl" {
  type        = number
  description = "TTL in seconds of the address records."
  default     = 300
}
