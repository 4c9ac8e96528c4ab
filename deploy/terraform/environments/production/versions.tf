terraform {
  required_version = "~> 1.6"

  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.0" }
    http   = { source = "hashicorp/http", version = "~> 3.4" }
    random = { source = "hashicorp/random", version = "~> 3.6" }
    tls    = { source = "hashicorp/tls", version = "~> 4.0" }
  }

  # Partial configuration: bucket, key, region and lock table come from backend.hcl at init
  # (terraform init -backend-config=backend.hcl), so no account details live in the repository.
  backend "s3" {}
}
