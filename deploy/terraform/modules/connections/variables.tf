variable "secret_name" {
  description = "Name of the Secrets Manager secret written, e.g. kheti/production/connections."
  type        = string
}

variable "kms_key_arn" {
  description = "The KMS key the secret is encrypted with."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once; 7-30 otherwise)."
  type        = number
}

variable "database" {
  description = "Where the database is: primary and replica host names, port, database and user name."
  type = object({
    primary_address   = string
    replica_addresses = list(string)
    port              = number
    name              = string
    username          = string
  })
}

variable "database_password_secret_arn" {
  description = "The secret holding the database user's password."
  type        = string
}

variable "redis" {
  description = "Where Redis is: the queue/events and cache primary endpoints and the port."
  type = object({
    queue_address = string
    cache_address = string
    port          = number
  })
}

variable "redis_auth_token_secret_arn" {
  description = "The secret holding the Redis AUTH token."
  type        = string
}
