# Staging: the production shape at the smallest sizes, without high availability; deletion
# protection off so the environment can be rebuilt from scratch.
module "freshet" {
  source = "../../stack"

  project_id                 = var.project_id
  region                     = var.region
  environment                = "staging"
  domain                     = var.domain
  master_authorized_networks = var.master_authorized_networks
  deletion_protection        = false

  system_pool = {
    machine_type   = "e2-standard-2"
    min_node_count = 1
    max_node_count = 2
  }

  tenant_spu_pool = {
    machine_type   = "e2-standard-4"
    min_node_count = 0
    max_node_count = 3
    disk_size_gb   = 50
  }

  postgres_tier              = "db-custom-1-3840"
  postgres_high_availability = false
  redis_tier                 = "BASIC"
  bucket_location            = var.region
}
