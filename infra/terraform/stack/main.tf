# One environment of the Freshet cloud on Google Cloud: GKE (a system pool for the cloud's apps and
# a tainted pool for tenant SPUs), Cloud SQL for PostgreSQL, Memorystore for Redis, one bucket for
# hub blobs and lake files, Cloud DNS with Certificate Manager for the console, and the secrets the
# apps read, generated into Secret Manager.
locals {
  name = "freshet-${var.environment}"
}

resource "google_project_service" "this" {
  for_each = toset([
    "compute.googleapis.com",
    "container.googleapis.com",
    "sqladmin.googleapis.com",
    "redis.googleapis.com",
    "servicenetworking.googleapis.com",
    "dns.googleapis.com",
    "certificatemanager.googleapis.com",
    "secretmanager.googleapis.com",
    "iam.googleapis.com",
    "artifactregistry.googleapis.com",
  ])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# Images of the api, worker and console (infra/kubernetes overlays: <region>-docker.pkg.dev/<project>/freshet/<app>);
# the nodes' service account reads it.
resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "freshet"
  format        = "DOCKER"
  description   = "Freshet cloud images"

  depends_on = [google_project_service.this]
}

module "network" {
  source     = "../modules/network"
  project_id = var.project_id
  region     = var.region
  name       = local.name

  depends_on = [google_project_service.this]
}

module "gke" {
  source                     = "../modules/gke"
  project_id                 = var.project_id
  region                     = var.region
  name                       = local.name
  network_id                 = module.network.network_id
  subnetwork_id              = module.network.subnetwork_id
  pods_range_name            = module.network.pods_range_name
  services_range_name        = module.network.services_range_name
  master_authorized_networks = var.master_authorized_networks
  deletion_protection        = var.deletion_protection
  system_pool                = var.system_pool
  tenant_spu_pool            = var.tenant_spu_pool
}

# Cloud SQL and Memorystore take private addresses from the peered range, so they wait for it.
module "postgres" {
  source              = "../modules/postgres"
  project_id          = var.project_id
  region              = var.region
  name                = "${local.name}-postgres"
  network_id          = module.network.network_id
  tier                = var.postgres_tier
  high_availability   = var.postgres_high_availability
  deletion_protection = var.deletion_protection

  depends_on = [module.network]
}

module "redis" {
  source     = "../modules/redis"
  project_id = var.project_id
  region     = var.region
  name       = "${local.name}-redis"
  network_id = module.network.network_id
  tier       = var.redis_tier

  depends_on = [module.network]
}

# The api and worker pods act as this Google service account (bucket objects, secrets).
module "app_identity" {
  source        = "../modules/workload-identity"
  project_id    = var.project_id
  account_id    = "${local.name}-app"
  display_name  = "Freshet ${var.environment} api and worker"
  workload_pool = module.gke.workload_pool
  kubernetes_service_accounts = [
    "${var.app_namespace}/freshet-api",
    "${var.app_namespace}/freshet-worker",
    # External Secrets Operator reads Secret Manager as this account to fill the Secret freshet-app.
    "${var.app_namespace}/freshet-secrets",
  ]
}

# cert-manager answers DNS-01 challenges in the zone for the tenants' wildcard certificate.
module "cert_manager_identity" {
  source                      = "../modules/workload-identity"
  project_id                  = var.project_id
  account_id                  = "${local.name}-certs"
  display_name                = "cert-manager of ${local.name} (DNS-01 in Cloud DNS)"
  workload_pool               = module.gke.workload_pool
  kubernetes_service_accounts = ["cert-manager/cert-manager"]
  project_roles               = ["roles/dns.admin"]
}

module "storage" {
  source        = "../modules/storage"
  project_id    = var.project_id
  name          = "${var.project_id}-${local.name}-data"
  location      = var.bucket_location
  force_destroy = !var.deletion_protection
  object_admins = { app = module.app_identity.member }

  depends_on = [google_project_service.this]
}

module "dns_tls" {
  source     = "../modules/dns-tls"
  project_id = var.project_id
  region     = var.region
  name       = local.name
  domain     = var.domain

  depends_on = [google_project_service.this]
}

module "secrets" {
  source       = "../modules/secrets"
  project_id   = var.project_id
  name         = local.name
  database_url = module.postgres.database_url
  redis_url    = module.redis.redis_url
  accessors    = { app = module.app_identity.member }

  depends_on = [google_project_service.this]
}
