variable "project_id" {
  type        = string
  description = "Google Cloud project that owns the network."
}

variable "region" {
  type        = string
  description = "Region of the subnetwork, the Cloud Router and its NAT (the region of the GKE cluster)."
}

variable "name" {
  type        = string
  description = "Prefix of every network resource's name, e.g. \"freshet-staging\"."
}

variable "nodes_cidr" {
  type        = string
  description = "Primary range of the subnetwork: the GKE nodes' addresses."
  default     = "10.10.0.0/20"
}

variable "pods_cidr" {
  type        = string
  description = "Secondary range for GKE pods (VPC-native). Every tenant SPU and SC pod takes an address from it."
  default     = "10.16.0.0/14"
}

variable "services_cidr" {
  type        = string
  description = "Secondary range for GKE services. Each tenant cluster adds one Service per SPU plus a headless one."
  default     = "10.20.0.0/20"
}

variable "private_services_prefix_length" {
  type        = number
  description = "Prefix length of the range reserved for private services access (Cloud SQL and Memorystore peer into it)."
  default     = 16
}
