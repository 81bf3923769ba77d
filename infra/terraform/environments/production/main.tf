# Production: regional high availability everywhere, deletion protection on, and a multi-region
# bucket so hub blobs and lake files survive the loss of a region.
module "freshet" {
  source = "../../stack"

  project_id                 = var.project_id
  region                     = var.region
  environment                = "production"
  domain                     = var.domain
  master_authorized_networks = var.master_authorized_networks
  deletion_protection        = true

  system_pool = {
    machine_type   = "e2-standard-4"
    min_node_count = 1
    max_node_count = 3
  }

  tenant_spu_pool = {
    machine_type   = "n2-standard-8"
    min_node_count = 1
    max_node_count = 20
    disk_size_gb   = 100
  }

  postgres_tier              = "db-custom-4-16384"
  postgres_high_availability = true
  redis_tier                 = "STANDARD_HA"
  bucket_location            = "EU"
}
