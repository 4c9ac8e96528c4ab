locals {
  name          = "kheti-${var.environment}"
  secret_prefix = "kheti/${var.environment}"
}

module "network" {
  source             = "../network"
  name               = local.name
  cidr_block         = var.vpc_cidr_block
  availability_zones = var.availability_zones
  nat_gateway_per_az = var.nat_gateway_per_az
  cluster_name       = local.name
}

module "eks" {
  source                = "../eks"
  name                  = local.name
  kubernetes_version    = var.kubernetes_version
  subnet_ids            = module.network.private_subnet_ids
  public_access_cidrs   = var.cluster_public_access_cidrs
  admin_principal_arns  = var.cluster_admin_principal_arns
  system_instance_types = var.node_groups.system_instance_types
  system_scaling        = var.node_groups.system_scaling
  worker_instance_types = var.node_groups.worker_instance_types
  worker_scaling        = var.node_groups.worker_scaling
}

module "secrets" {
  source               = "../secrets"
  name                 = local.name
  secret_prefix        = local.secret_prefix
  recovery_window_days = var.secret_recovery_window_days
}

module "database" {
  source                     = "../database"
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  client_security_group_id   = module.eks.cluster_security_group_id
  master_password_secret_arn = module.secrets.database_password_secret_arn
  instance_class             = var.database.instance_class
  replica_instance_class     = var.database.replica_instance_class
  replica_count              = var.replica_count
  allocated_storage_gb       = var.database.allocated_storage_gb
  max_allocated_storage_gb   = var.database.max_allocated_storage_gb
  backup_retention_days      = var.database.backup_retention_days
  deletion_protection        = var.database.deletion_protection
}

module "redis" {
  source                   = "../redis"
  name                     = local.name
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id
  auth_token_secret_arn    = module.secrets.redis_auth_token_secret_arn
  queue_node_type          = var.redis.queue_node_type
  cache_node_type          = var.redis.cache_node_type
  nodes_per_group          = var.redis.nodes_per_group
  snapshot_retention_days  = var.redis.snapshot_retention_days
}

module "connections" {
  source                       = "../connections"
  secret_name                  = "${local.secret_prefix}/connections"
  kms_key_arn                  = module.secrets.kms_key_arn
  recovery_window_days         = var.secret_recovery_window_days
  database_password_secret_arn = module.secrets.database_password_secret_arn
  redis_auth_token_secret_arn  = module.secrets.redis_auth_token_secret_arn
  database = {
    primary_address   = module.database.primary_address
    replica_addresses = module.database.replica_addresses
    port              = module.database.port
    name              = module.database.database_name
    username          = module.database.master_username
  }
  redis = {
    queue_address = module.redis.queue_primary_address
    cache_address = module.redis.cache_primary_address
    port          = module.redis.port
  }
}

module "registry" {
  source = "../registry"
  name   = local.name
}

module "storage" {
  source      = "../storage"
  bucket_name = var.uploads_bucket_name
  kms_key_arn = module.secrets.kms_key_arn
}

module "iam" {
  source             = "../iam"
  name               = local.name
  oidc_provider_arn  = module.eks.oidc_provider_arn
  oidc_issuer_host   = module.eks.oidc_issuer_host
  secret_arns        = [module.connections.secret_arn, module.secrets.app_secret_arn]
  kms_key_arn        = module.secrets.kms_key_arn
  uploads_bucket_arn = module.storage.bucket_arn
}

# What the AWS Load Balancer Controller's ALB needs; the controller makes the ALB from the Ingress.
module "load_balancer" {
  source                   = "../load-balancer"
  name                     = local.name
  vpc_id                   = module.network.vpc_id
  node_security_group_id   = module.eks.cluster_security_group_id
  origin_domain_name       = var.api_origin_domain_name
  route53_zone_id          = var.route53_zone_id
  rate_limit_per_5_minutes = var.rate_limit_per_5_minutes
  oidc_provider_arn        = module.eks.oidc_provider_arn
  oidc_issuer_host         = module.eks.oidc_issuer_host
}

module "edge" {
  source                   = "../edge"
  name                     = local.name
  domain_names             = var.domain_names
  certificate_arn          = var.cloudfront_certificate_arn
  route53_zone_id          = var.route53_zone_id
  console_bucket_name      = var.console_bucket_name
  api_origin_domain_name   = module.load_balancer.origin_domain_name
  rate_limit_per_5_minutes = var.rate_limit_per_5_minutes

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}
