module "platform" {
  source = "../../modules/platform"

  environment        = "production"
  availability_zones = var.availability_zones
  vpc_cidr_block     = "10.20.0.0/16"
  # A NAT gateway per AZ: losing one AZ does not cut the others' egress.
  nat_gateway_per_az = true
  kubernetes_version = "1.31"

  cluster_public_access_cidrs  = var.cluster_public_access_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns

  node_groups = {
    system_instance_types = ["m6i.xlarge"]
    system_scaling        = { min = 3, desired = 3, max = 9 }
    worker_instance_types = ["m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m5a.xlarge"]
    worker_scaling        = { min = 2, desired = 3, max = 12 }
  }

  replica_count = 3
  database = {
    instance_class           = "db.r6g.xlarge"
    replica_instance_class   = "db.r6g.large"
    allocated_storage_gb     = 200
    max_allocated_storage_gb = 1000
    backup_retention_days    = 30
    deletion_protection      = true
  }

  redis = {
    queue_node_type         = "cache.r7g.large"
    cache_node_type         = "cache.r7g.large"
    nodes_per_group         = 3
    snapshot_retention_days = 7
  }

  domain_names                = var.domain_names
  cloudfront_certificate_arn  = var.cloudfront_certificate_arn
  api_origin_domain_name      = var.api_origin_domain_name
  route53_zone_id             = var.route53_zone_id
  console_bucket_name         = var.console_bucket_name
  uploads_bucket_name         = var.uploads_bucket_name
  rate_limit_per_5_minutes    = 2000
  secret_recovery_window_days = 30

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}
