locals {
  # Generated here: nobody ever types them. Letters and digits only, so they survive env files and URLs.
  generated = ["better-auth-secret", "control-plane-secret", "proxy-secret"]
  # Known only after the database and Redis exist.
  derived = ["database-url", "redis-url"]

  managed = concat(local.generated, local.derived)
  all     = concat(local.managed, var.external_secrets)

  values = merge(
    { for id in local.generated : id => random_password.generated[id].result },
    {
      "database-url" = var.database_url
      "redis-url"    = var.redis_url
    },
  )

  grants = {
    for pair in setproduct(keys(var.accessors), local.all) : "${pair[0]}/${pair[1]}" => {
      member = var.accessors[pair[0]]
      id     = pair[1]
    }
  }
}

resource "random_password" "generated" {
  for_each = toset(local.generated)

  length  = 48
  special = false
}

resource "google_secret_manager_secret" "this" {
  for_each = toset(local.all)

  project   = var.project_id
  secret_id = "${var.name}-${each.value}"

  replication {
    auto {}
  }

  labels = {
    app = "freshet"
  }
}

resource "google_secret_manager_secret_version" "managed" {
  for_each = toset(local.managed)

  secret      = google_secret_manager_secret.this[each.value].id
  secret_data = local.values[each.value]
}

resource "google_secret_manager_secret_iam_member" "accessors" {
  for_each = local.grants

  project   = var.project_id
  secret_id = google_secret_manager_secret.this[each.value.id].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value.member
}
