variable "region" {
  description = "The AWS region of everything but CloudFront's web ACL (us-east-1)."
  type        = string
  default     = "ap-south-1"
}

variable "availability_zones" {
  description = "Three availability zones of the region."
  type        = list(string)
  default     = ["ap-south-1a", "ap-south-1b", "ap-south-1c"]
}

variable "domain_names" {
  description = "The public names CloudFront answers, e.g. [\"kheti.example.org\"]."
  type        = list(string)
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 covering domain_names."
  type        = string
}

variable "api_origin_domain_name" {
  description = "The name of the controller's ALB behind CloudFront and the Ingress's host, e.g. api-origin.kheti.example.org."
  type        = string
}

variable "route53_zone_id" {
  description = "The public hosted zone of the domain names."
  type        = string
}

variable "console_bucket_name" {
  description = "Globally unique name of the console's static files bucket."
  type        = string
}

variable "uploads_bucket_name" {
  description = "Globally unique name of the uploads bucket."
  type        = string
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles given cluster-admin on EKS (the deploy role, the operators' role)."
  type        = list(string)
}

variable "cluster_public_access_cidrs" {
  description = "Ranges allowed to reach the Kubernetes API's public endpoint; empty keeps it private."
  type        = list(string)
  default     = []
}
