variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's IPv4 range; each of the six subnets gets a /20 of it (a /16 leaves room for more)."
  type        = string
}

variable "availability_zones" {
  description = "Exactly three availability zones: one public and one private subnet in each."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "The network spans exactly three availability zones."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per availability zone (true: an AZ outage leaves the others their egress) or a single shared one (false: cheaper, for staging)."
  type        = bool
}

variable "cluster_name" {
  description = "The EKS cluster's name, tagged on the subnets so it finds them."
  type        = string
}
