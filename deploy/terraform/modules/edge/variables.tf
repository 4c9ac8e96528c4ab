variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "domain_names" {
  description = "The public names the distribution answers (the console, /docs and the API under one host)."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 covering domain_names (CloudFront only reads certificates from there)."
  type        = string
}

variable "route53_zone_id" {
  description = "The public hosted zone domain_names are in, for their alias records."
  type        = string
}

variable "console_bucket_name" {
  description = "The globally unique name of the bucket holding the console's static files and /docs."
  type        = string
}

variable "api_origin_domain_name" {
  description = "The name of the AWS Load Balancer Controller's ALB (external-dns points it there), CloudFront's origin for the API paths."
  type        = string
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one client IP may send in any 5 minutes before the edge blocks it."
  type        = number
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_200 includes India's edge locations, PriceClass_All every location."
  type        = string
  default     = "PriceClass_200"
}
