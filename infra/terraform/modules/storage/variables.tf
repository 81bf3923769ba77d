variable "project_id" {
  type        = string
  description = "Google Cloud project of the bucket."
}

variable "name" {
  type        = string
  description = "Globally unique bucket name, e.g. \"<project>-freshet-staging-data\"."
}

variable "location" {
  type        = string
  description = "Bucket location: the cluster's region (cheapest, same-region reads) or a multi-region such as EU."
}

variable "object_admins" {
  type        = map(string)
  description = "IAM members that read and write objects, by a fixed label (keys must be known at plan time; members may be computed), e.g. { app = \"serviceAccount:freshet-app@<project>.iam.gserviceaccount.com\" }."
  default     = {}
}

variable "lake_nearline_after_days" {
  type        = number
  description = "Age in days after which lake files (prefix lake/) move to the NEARLINE storage class."
  default     = 30
}

variable "noncurrent_versions_kept" {
  type        = number
  description = "Overwritten or deleted versions kept per object before the oldest is deleted."
  default     = 3
}

variable "force_destroy" {
  type        = bool
  description = "Let `terraform destroy` delete a bucket that still holds objects. Only for throwaway environments."
  default     = false
}
