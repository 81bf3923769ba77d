terraform {
  required_version = "~> 1.9"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }

  # State in a GCS bucket created once by hand (versioned); given at init:
  # terraform init -backend-config="bucket=<state bucket>" -backend-config="prefix=freshet/<environment>"
  backend "gcs" {}
}
