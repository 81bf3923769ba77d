locals {
  console_host = "${var.console_label}.${var.domain}"
  tenants_zone = "${var.tenants_label}.${var.domain}"
}

resource "google_dns_managed_zone" "this" {
  project     = var.project_id
  name        = var.name
  dns_name    = "${var.domain}."
  description = "Freshet console and tenant endpoints"

  dnssec_config {
    state = "on"
  }
}

# The console's HTTPS load balancer (a GKE Gateway of class gke-l7-global-external-managed) takes
# this address by name, so the record never changes when the Gateway is recreated.
resource "google_compute_global_address" "console" {
  project = var.project_id
  name    = "${var.name}-console"
}

resource "google_dns_record_set" "console" {
  project      = var.project_id
  managed_zone = google_dns_managed_zone.this.name
  name         = "${local.console_host}."
  type         = "A"
  ttl          = var.ttl
  rrdatas      = [google_compute_global_address.console.address]
}

# Tenant endpoints speak the Kafka protocol over TLS, not HTTP: a regional passthrough load balancer
# in front of the tenant gateway (SNI routing to each SPU's Service) holds this address, and every
# <cluster>-spu-<n>.<tenants_zone> name resolves to it through the wildcard.
resource "google_compute_address" "tenants" {
  project      = var.project_id
  name         = "${var.name}-tenants"
  region       = var.region
  address_type = "EXTERNAL"
  network_tier = "PREMIUM"
}

resource "google_dns_record_set" "tenants_wildcard" {
  project      = var.project_id
  managed_zone = google_dns_managed_zone.this.name
  name         = "*.${local.tenants_zone}."
  type         = "A"
  ttl          = var.ttl
  rrdatas      = [google_compute_address.tenants.address]
}

# The console's certificate: Google-managed, proven by a DNS record (so it is issued before the
# load balancer serves traffic) and renewed by Google.
resource "google_certificate_manager_dns_authorization" "console" {
  project = var.project_id
  name    = "${var.name}-console"
  domain  = local.console_host
}

resource "google_dns_record_set" "console_authorization" {
  project      = var.project_id
  managed_zone = google_dns_managed_zone.this.name
  name         = google_certificate_manager_dns_authorization.console.dns_resource_record[0].name
  type         = google_certificate_manager_dns_authorization.console.dns_resource_record[0].type
  ttl          = var.ttl
  rrdatas      = [google_certificate_manager_dns_authorization.console.dns_resource_record[0].data]
}

resource "google_certificate_manager_certificate" "console" {
  project     = var.project_id
  name        = "${var.name}-console"
  description = "TLS certificate of ${local.console_host}"

  managed {
    domains            = [local.console_host]
    dns_authorizations = [google_certificate_manager_dns_authorization.console.id]
  }
}

resource "google_certificate_manager_certificate_map" "this" {
  project     = var.project_id
  name        = var.name
  description = "Certificates of the console's load balancer"
}

resource "google_certificate_manager_certificate_map_entry" "console" {
  project      = var.project_id
  name         = "${var.name}-console"
  map          = google_certificate_manager_certificate_map.this.name
  hostname     = local.console_host
  certificates = [google_certificate_manager_certificate.console.id]
}
