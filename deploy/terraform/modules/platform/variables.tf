variable "environment" {
  description = "The environment's name (staging, production): part of every resource and secret name."
  type        = string
}

variable "availability_zones" {
  description = "The three availability zones the network, nodes, database and Redis span."
  type        = list(string)
}

variable "vpc_cidr_block" {
  description = "The VPC's IPv4 range."
  type        = string
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per availability zone (production) or one shared (staging)."
  type        = bool
}

variable "kubernetes_version" {
  description = "The EKS Kubernetes version."
  type        = string
}

variable "cluster_public_access_cidrs" {
  description = "Ranges allowed to reach the Kubernetes API's public endpoint; empty keeps it private."
  type        = list(string)
}

variable "cluster_admin_principal_arns" {
  description = "IAM principals given cluster-admin."
  type        = list(string)
}

variable "node_groups" {
  description = "Instance types and sizes of the on-demand (system: API and system pods) and spot (workers) node groups."
  type = object({
    system_instance_types = list(string)
    system_scaling        = object({ min = number, desired = number, max = number })
    worker_instance_types = list(string)
    worker_scaling        = object({ min = number, desired = number, max = number })
  })
}

variable "database" {
  description = "The PostgreSQL primary's and replicas' sizes, storage, backups and deletion protection."
  type = object({
    instance_class           = string
    replica_instance_class   = string
    allocated_storage_gb     = number
    max_allocated_storage_gb = number
    backup_retention_days    = number
    deletion_protection      = bool
  })
}

variable "replica_count" {
  description = "Read replicas of the primary: three in every environment."
  type        = number
  default     = 3
}

variable "redis" {
  description = "Node types, nodes per replication group and the queue's snapshot retention."
  type = object({
    queue_node_type         = string
    cache_node_type         = string
    nodes_per_group         = number
    snapshot_retention_days = number
  })
}

variable "domain_names" {
  description = "The public names CloudFront answers."
  type        = list(string)
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 for domain_names."
  type        = string
}

variable "api_origin_domain_name" {
  description = "The name of the controller's ALB behind CloudFront (e.g. api-origin.kheti.example.org): the Ingress's host, with its own regional ACM certificate."
  type        = string
}

variable "route53_zone_id" {
  description = "The public hosted zone of domain_names and api_origin_domain_name."
  type        = string
}

variable "console_bucket_name" {
  description = "Globally unique name of the console's static files bucket."
  type        = string
}

variable "uploads_bucket_name" {
  description = "Globally unique name of the uploads bucket (S3_BUCKET)."
  type        = string
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one client IP may send in any 5 minutes, at CloudFront and at the ALB."
  type        = number
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
}
