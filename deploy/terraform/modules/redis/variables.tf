variable "name" {
  description = "Prefix of every resource name, e.g. kheti-production."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the replication groups live in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per availability zone, for the cache subnet group."
  type        = list(string)
}

variable "client_security_group_id" {
  description = "The security group allowed to connect on 6379 (the EKS cluster's)."
  type        = string
}

variable "auth_token_secret_arn" {
  description = "The Secrets Manager secret (its current version) holding the AUTH token both groups require."
  type        = string
}

variable "queue_node_type" {
  description = "Node type of the queue/events group (BullMQ jobs, the event bus)."
  type        = string
}

variable "cache_node_type" {
  description = "Node type of the cache group."
  type        = string
}

variable "nodes_per_group" {
  description = "Nodes in each replication group, primary included; at least two for Multi-AZ failover."
  type        = number

  validation {
    condition     = var.nodes_per_group >= 2
    error_message = "Automatic failover needs at least two nodes per group."
  }
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots kept for the queue/events group (the cache keeps none)."
  type        = number
}
