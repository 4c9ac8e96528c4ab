variable "name" {
  description = "The repository's name, e.g. kheti."
  type        = string
}

variable "untagged_expiry_days" {
  description = "Days after which untagged images (failed or superseded pushes) are deleted."
  type        = number
  default     = 14
}
