variable "name" {
  description = "The web ACL's name, also its metrics' prefix."
  type        = string
}

variable "scope" {
  description = "CLOUDFRONT (the provider must be in us-east-1) or REGIONAL (an ALB in the provider's region)."
  type        = string

  validation {
    condition     = contains(["CLOUDFRONT", "REGIONAL"], var.scope)
    error_message = "The scope is CLOUDFRONT or REGIONAL."
  }
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one IP address may send in any 5 minutes before it is blocked."
  type        = number
}
