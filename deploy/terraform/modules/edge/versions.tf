terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
      # CloudFront's web ACL must be created in us-east-1, whatever the stack's region.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
