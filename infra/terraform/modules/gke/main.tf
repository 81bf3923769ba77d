# Nodes run as a dedicated service account with only the logging, monitoring and image-pull roles,
# not as the Compute Engine default account (project Editor).
resource "google_service_account" "nodes" {
  project      = var.project_id
  account_id   = "${var.name}-nodes"
  display_name = "GKE nodes of ${var.name}"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_cluster" "this" {
  project  = var.project_id
  name     = var.name
  location = var.region

  # Node pools are managed below, so the default pool is removed right after creation.
  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.deletion_protection

  network         = var.network_id
  subnetwork      = var.subnetwork_id
  networking_mode = "VPC_NATIVE"

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  # Dataplane V2 enforces the NetworkPolicies the provisioner writes per tenant namespace.
  datapath_provider = "ADVANCED_DATAPATH"

  release_channel {
    channel = var.release_channel
  }

  # Pods get Google identities through Kubernetes service accounts; no key files anywhere.
  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
  }

  master_authorized_networks_config {
    dynamic "cidr_blocks" {
      for_each = var.master_authorized_networks
      content {
        cidr_block   = cidr_blocks.value.cidr_block
        display_name = cidr_blocks.value.display_name
      }
    }
  }

  # The console is published through the Gateway API (with the Certificate Manager map of dns-tls).
  gateway_api_config {
    channel = "CHANNEL_STANDARD"
  }

  addons_config {
    gce_persistent_disk_csi_driver_config {
      enabled = true
    }
  }

  maintenance_policy {
    recurring_window {
      start_time = "2026-01-03T02:00:00Z"
      end_time   = "2026-01-03T06:00:00Z"
      recurrence = "FREQ=WEEKLY;BYDAY=SA,SU"
    }
  }
}

resource "google_container_node_pool" "system" {
  project  = var.project_id
  name     = "${var.name}-system"
  cluster  = google_container_cluster.this.id
  location = var.region

  # Per zone, at creation only (changing it would recreate the pool); the autoscaler takes over.
  initial_node_count = 1

  autoscaling {
    min_node_count = var.system_pool.min_node_count
    max_node_count = var.system_pool.max_node_count
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.system_pool.machine_type
    image_type      = "COS_CONTAINERD"
    disk_type       = "pd-balanced"
    disk_size_gb    = 50
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = {
      "freshet.io/pool" = "system"
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

# Tenant SPUs and SCs only: the taint keeps the cloud's own pods (and everything else without the
# toleration) off these nodes, so a noisy tenant never starves the control plane.
resource "google_container_node_pool" "tenant_spu" {
  project  = var.project_id
  name     = "${var.name}-tenant-spu"
  cluster  = google_container_cluster.this.id
  location = var.region

  # Per zone, at creation only (changing it would recreate the pool); the autoscaler takes over.
  initial_node_count = 1

  autoscaling {
    min_node_count = var.tenant_spu_pool.min_node_count
    max_node_count = var.tenant_spu_pool.max_node_count
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  # SPUs are stateful: add a node before draining one, never lose capacity during upgrades.
  upgrade_settings {
    strategy        = "SURGE"
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = var.tenant_spu_pool.machine_type
    image_type      = "COS_CONTAINERD"
    disk_type       = "pd-balanced"
    disk_size_gb    = var.tenant_spu_pool.disk_size_gb
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]

    labels = {
      (var.tenant_spu_taint.key) = var.tenant_spu_taint.value
    }

    taint {
      key    = var.tenant_spu_taint.key
      value  = var.tenant_spu_taint.value
      effect = "NO_SCHEDULE"
    }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
