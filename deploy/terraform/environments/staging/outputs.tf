output "database_endpoint" {
  description = "The PostgreSQL primary's host:port (in DATABASE_URL)."
  value       = module.platform.database_endpoint
}

output "database_replica_endpoints" {
  description = "The three read replicas' host:port (in DATABASE_REPLICA_URLS)."
  value       = module.platform.database_replica_endpoints
}

output "redis_queue_endpoint" {
  description = "The queue/events Redis primary endpoint (REDIS_URL)."
  value       = module.platform.redis_queue_endpoint
}

output "redis_cache_endpoint" {
  description = "The cache Redis primary endpoint (REDIS_CACHE_URL)."
  value       = module.platform.redis_cache_endpoint
}

output "connections_secret_name" {
  description = "The secret with DATABASE_URL, DATABASE_REPLICA_URLS, REDIS_URL and REDIS_CACHE_URL."
  value       = module.platform.connections_secret_name
}

output "app_secret_name" {
  description = "The operator-filled secret: KHETI_BLIND_INDEX_KEY or KHETI_ENCRYPTION_KEY, and the API keys."
  value       = module.platform.app_secret_name
}

output "kms_key_alias" {
  description = "The application KMS key's alias (AWS_KMS_KEY_ID with KEY_PROVIDER=aws-kms)."
  value       = module.platform.kms_key_alias
}

output "ecr_repository_url" {
  description = "The image repository."
  value       = module.platform.ecr_repository_url
}

output "api_role_arn" {
  description = "The kheti-api service account's IAM role."
  value       = module.platform.api_role_arn
}

output "worker_role_arn" {
  description = "The kheti-worker service account's IAM role."
  value       = module.platform.worker_role_arn
}

output "secrets_reader_role_arn" {
  description = "The kheti-secrets-reader service account's IAM role (External Secrets Operator)."
  value       = module.platform.secrets_reader_role_arn
}

output "uploads_bucket_name" {
  description = "The uploads bucket (S3_BUCKET)."
  value       = module.platform.uploads_bucket_name
}

output "cloudfront_domain_name" {
  description = "The distribution's cloudfront.net name (the public names alias it)."
  value       = module.platform.cloudfront_domain_name
}

output "cloudfront_distribution_id" {
  description = "The distribution's id, for invalidations after a console deploy."
  value       = module.platform.cloudfront_distribution_id
}

output "console_bucket_name" {
  description = "The bucket the console's build and /docs are uploaded to."
  value       = module.platform.console_bucket_name
}

output "eks_cluster_name" {
  description = "The EKS cluster, for aws eks update-kubeconfig."
  value       = module.platform.eks_cluster_name
}

output "region" {
  description = "The region of everything but the CloudFront web ACL (AWS_REGION, S3_REGION)."
  value       = var.region
}

output "vpc_id" {
  description = "The VPC (the AWS Load Balancer Controller's vpcId Helm value)."
  value       = module.platform.vpc_id
}

output "api_origin_certificate_arn" {
  description = "The origin certificate: the Ingress's alb.ingress.kubernetes.io/certificate-arn in the overlay."
  value       = module.platform.api_origin_certificate_arn
}

output "alb_web_acl_arn" {
  description = "The REGIONAL web ACL: the Ingress's alb.ingress.kubernetes.io/wafv2-acl-arn in the overlay."
  value       = module.platform.alb_web_acl_arn
}

output "alb_security_group_id" {
  description = "The ALB's security group (HTTPS from CloudFront only): the Ingress's alb.ingress.kubernetes.io/security-groups in the overlay."
  value       = module.platform.alb_security_group_id
}

output "load_balancer_controller_role_arn" {
  description = "The AWS Load Balancer Controller's IAM role, for its service account in kube-system."
  value       = module.platform.load_balancer_controller_role_arn
}

output "external_dns_role_arn" {
  description = "external-dns's IAM role, for its service account in kube-system."
  value       = module.platform.external_dns_role_arn
}
