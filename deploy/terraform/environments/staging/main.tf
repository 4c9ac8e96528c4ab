module "platform" {
  source = "../../modules/platform"

  environment        = "staging"
  availability_zones = var.availability_zones
  vpc_cidr_block     = "10.30.0.0/16"
  # One shared NAT gateway: staging tolerates losing egress with one AZ, and saves two gateways.
  nat_gateway_per_az = false
  kubernetes_version = "1.31"

  cluster_public_access_cidrs  = var.cluster_public_access_cidrs
  cluster_admin_principal_arns = var.cluster_admin_principal_arns

  node_groups = {
    system_instance_types = ["t3.large"]
    system_scaling        = { min = 2, desired = 2, max = 4 }
    worker_instance_types = ["t3.large", "t3a.large", "m5.large", "m5a.large"]
    worker_scaling        = { min = 1, desired = 1, max = 4 }
  }

  # Three replicas here too, so replica routing and lag handling are exercised as in production.
  replica_count = 3
  database = {
    instance_class           = "db.t4g.medium"
    replica_instance_class   = "db.t4g.medium"
    allocated_storage_gb     = 50
    max_allocated_storage_gb = 200
    backup_retention_days    = 7
    deletion_protection      = false
  }

  redis = {
    queue_node_type         = "cache.t4g.small"
    cache_node_type         = "cache.t4g.small"
    nodes_per_group         = 2
    snapshot_retention_days = 1
  }

  domain_names                = var.domain_names
  cloudfront_certificate_arn  = var.cloudfront_certificate_arn
  api_origin_domain_name      = var.api_origin_domain_name
  route53_zone_id             = var.route53_zone_id
  console_bucket_name         = var.console_bucket_name
  uploads_bucket_name         = var.uploads_bucket_name
  rate_limit_per_5_minutes    = 1000
  secret_recovery_window_days = 7

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}
