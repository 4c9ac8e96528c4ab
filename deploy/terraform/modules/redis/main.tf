resource "aws_kms_key" "redis" {
  description         = "${var.name} ElastiCache at rest"
  enable_key_rotation = true
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Redis, reachable from the EKS cluster only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_cluster" {
  security_group_id            = aws_security_group.redis.id
  referenced_security_group_id = var.client_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "Redis from the EKS cluster"
}

data "aws_secretsmanager_secret_version" "auth_token" {
  secret_id = var.auth_token_secret_arn
}

# BullMQ loses jobs silently if Redis evicts its keys, so the queue/events Redis refuses writes
# when full instead.
resource "aws_elasticache_parameter_group" "queue" {
  name   = "${var.name}-queue"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }
}

# The cache only holds what can be recomputed: evicting the least recently used key is right.
resource "aws_elasticache_parameter_group" "cache" {
  name   = "${var.name}-cache"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = "allkeys-lru"
  }
}
