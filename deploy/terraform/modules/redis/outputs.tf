output "queue_primary_address" {
  description = "The queue/events group's primary endpoint (REDIS_URL)."
  value       = aws_elasticache_replication_group.queue.primary_endpoint_address
}

output "cache_primary_address" {
  description = "The cache group's primary endpoint (REDIS_CACHE_URL)."
  value       = aws_elasticache_replication_group.cache.primary_endpoint_address
}

output "port" {
  description = "The Redis port of both groups."
  value       = 6379
}
