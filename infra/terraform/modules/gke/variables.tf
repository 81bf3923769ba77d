variable "project_id" {
  type        = string
  description = "Google Cloud project of the cluster."
}

variable "region" {
  type        = string
  description = "Region of the (regional, three-zone) GKE cluster."
}

variable "name" {
  type        = string
  description = "Name of the GKE cluster; also the prefix of its node pools and node service account."
}

variable "network_id" {
  type        = string
  description = "VPC the cluster's nodes are attached to (network module's network_id)."
}

variable "subnetwork_id" {
  type        = string
  description = "Subnetwork of the nodes (network module's subnetwork_id)."
}

variable "pods_range_name" {
  type        = string
  description = "Secondary range of the subnetwork used for pod addresses."
}

variable "services_range_name" {
  type        = string
  description = "Secondary range of the subnetwork used for service addresses."
}

variable "release_channel" {
  type        = string
  description = "GKE release channel: RAPID, REGULAR or STABLE."
  default     = "REGULAR"

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "The release channel must be RAPID, REGULAR or STABLE."
  }
}

variable "master_authorized_networks" {
  type = list(object({
    cidr_block   = string
    display_name = string
  }))
  description = "Networks allowed to reach the control plane's public endpoint (CI runners, operators). Empty: none besides Google's."
  default     = []
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse `terraform destroy` of the cluster. Keep true outside throwaway environments."
  default     = true
}

variable "system_pool" {
  type = object({
    machine_type   = string
    min_node_count = number
    max_node_count = number
  })
  description = "Node pool of the cloud's own apps (api, worker, console) and cluster add-ons; counts are per zone."
  default = {
    machine_type   = "e2-standard-4"
    min_node_count = 1
    max_node_count = 3
  }
}

variable "tenant_spu_pool" {
  type = object({
    machine_type   = string
    min_node_count = number
    max_node_count = number
    disk_size_gb   = number
  })
  description = "Node pool reserved (by taint) for tenant SPU and SC pods; counts are per zone. SPU data lives on persistent volumes, not on these boot disks."
  default = {
    machine_type   = "n2-standard-8"
    min_node_count = 1
    max_node_count = 10
    disk_size_gb   = 100
  }
}

variable "tenant_spu_taint" {
  type = object({
    key   = string
    value = string
  })
  description = "Taint (effect NO_SCHEDULE) and node label of the tenant pool; the kubernetes provisioner gives SPU and SC pods the matching toleration and nodeSelector."
  default = {
    key   = "freshet.io/pool"
    value = "tenant-spu"
  }
}
