variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the database lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per availability zone, for the DB subnet group."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "The security group allowed to connect on 5432 (the EKS cluster's)."
  type        = string
}

variable "master_password_secret_arn" {
  description = "The Secrets Manager secret (its current version) holding the master user's password."
  type        = string
}

variable "instance_class" {
  description = "Instance class of the primary."
  type        = string
}

variable "replica_instance_class" {
  description = "Instance class of the read replicas."
  type        = string
}

variable "replica_count" {
  description = "Number of read replicas; Kheti's read routing is sized for exactly three."
  type        = number
  default     = 3

  validation {
    condition     = var.replica_count == 3
    error_message = "The database runs exactly three read replicas."
  }
}

variable "allocated_storage_gb" {
  description = "Initial storage of the primary in GiB."
  type        = number
}

variable "max_allocated_storage_gb" {
  description = "Ceiling for storage autoscaling in GiB."
  type        = number
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery kept (1-35)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "Backups are always on: keep them 1 to 35 days."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the primary (on in production); off also skips the final snapshot."
  type        = bool
}

variable "database_name" {
  description = "The database created on the primary."
  type        = string
  default     = "kheti"
}

variable "master_username" {
  description = "The master user's name."
  type        = string
  default     = "kheti"
}
