resource "aws_elasticache_replication_group" "queue" {
  replication_group_id = "${var.name}-queue"
  description          = "Kheti job queue and event bus (REDIS_URL)"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.queue_node_type
  num_cache_clusters   = var.nodes_per_group
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.queue.name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [aws_security_group.redis.id]

  automatic_failover_enabled = true
  multi_az_enabled           = true
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.redis.arn
  auth_token                 = data.aws_secretsmanager_secret_version.auth_token.secret_string

  snapshot_retention_limit = var.snapshot_retention_days
  snapshot_window          = "19:00-20:00"
  maintenance_window       = "sun:21:00-sun:22:00"
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "${var.name}-cache"
  description          = "Kheti cache (REDIS_CACHE_URL)"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.cache_node_type
  num_cache_clusters   = var.nodes_per_group
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.cache.name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [aws_security_group.redis.id]

  automatic_failover_enabled = true
  multi_az_enabled           = true
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.redis.arn
  auth_token                 = data.aws_secretsmanager_secret_version.auth_token.secret_string

  snapshot_retention_limit = 0
  maintenance_window       = "sun:21:00-sun:22:00"
}
