variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the controller's ALB lives in."
  type        = string
}

variable "node_security_group_id" {
  description = "The nodes' security group (the EKS cluster's), which the API pods' addresses carry; opened to the ALB on api_pod_port."
  type        = string
}

variable "api_pod_port" {
  description = "The kheti-api container's port, which the ALB connects to (target-type ip)."
  type        = number
  default     = 8080
}

variable "origin_domain_name" {
  description = "The ALB's own name (e.g. api-origin.kheti.example.org): the Ingress's host, its certificate's name and CloudFront's origin."
  type        = string
}

variable "route53_zone_id" {
  description = "The public hosted zone of origin_domain_name: the certificate's DNS validation and external-dns's record."
  type        = string
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one IP address may send to the ALB in any 5 minutes (behind CloudFront, mostly CloudFront's own addresses)."
  type        = number
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider, trusted by the add-ons' roles."
  type        = string
}

variable "oidc_issuer_host" {
  description = "The OIDC issuer without https://, prefix of the trust policies' condition keys."
  type        = string
}

variable "load_balancer_controller_service_account" {
  description = "The AWS Load Balancer Controller's service account (its Helm chart's default)."
  type        = object({ namespace = string, name = string })
  default     = { namespace = "kube-system", name = "aws-load-balancer-controller" }
}

variable "external_dns_service_account" {
  description = "external-dns's service account."
  type        = object({ namespace = string, name = string })
  default     = { namespace = "kube-system", name = "external-dns" }
}

variable "load_balancer_controller_version" {
  description = "The AWS Load Balancer Controller release installed in the cluster (a git tag, e.g. v3.5.0); its published IAM policy is read from that tag."
  type        = string
  default     = "v3.5.0"

  validation {
    condition     = can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+$", var.load_balancer_controller_version))
    error_message = "load_balancer_controller_version must be a release tag such as v3.5.0."
  }
}
