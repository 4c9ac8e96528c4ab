provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "kheti"
      Environment = "production"
      ManagedBy   = "terraform"
    }
  }
}

# CloudFront's web ACL (and its certificate) live in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "kheti"
      Environment = "production"
      ManagedBy   = "terraform"
    }
  }
}
