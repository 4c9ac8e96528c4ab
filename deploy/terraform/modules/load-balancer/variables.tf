variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the ALB lives in."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets, one per availability zone, for the ALB."
  type        = list(string)
}

variable "node_security_group_id" {
  description = "The nodes' security group (the EKS cluster's), opened to the ALB on the node port."
  type        = string
}

variable "node_group_asg_name" {
  description = "The on-demand node group's Auto Scaling group, registered as the ALB's targets."
  type        = string
}

variable "node_port" {
  description = "The NodePort of the kheti-api Service on every node."
  type        = number
  default     = 30080
}

variable "origin_domain_name" {
  description = "The ALB's own name (e.g. origin.kheti.example.org): its certificate's name and CloudFront's origin."
  type        = string
}

variable "route53_zone_id" {
  description = "The public hosted zone of origin_domain_name, for the alias record and the certificate's DNS validation."
  type        = string
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one IP address may send to the ALB in any 5 minutes (behind CloudFront, mostly CloudFront's own addresses)."
  type        = number
}
