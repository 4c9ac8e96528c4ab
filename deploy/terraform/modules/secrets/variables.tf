variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "secret_prefix" {
  description = "Path prefix of the Secrets Manager secrets, e.g. kheti/production."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once; 7-30 otherwise)."
  type        = number
}
