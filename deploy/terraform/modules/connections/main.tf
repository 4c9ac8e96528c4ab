data "aws_secretsmanager_secret_version" "database_password" {
  secret_id = var.database_password_secret_arn
}

data "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id = var.redis_auth_token_secret_arn
}

locals {
  database_user = "${var.database.username}:${data.aws_secretsmanager_secret_version.database_password.secret_string}"
  redis_user    = ":${data.aws_secretsmanager_secret_version.redis_auth_token.secret_string}"
  # sslmode=verify-full would need the RDS CA bundle in the image; require still refuses plain text.
  database_query = "sslmode=require"
}

# The connection settings, one JSON object whose keys are Kheti's variables: the External Secrets
# Operator turns them into the pods' environment. Derived from this configuration, so Terraform
# owns the value and rewrites it when an endpoint or a credential changes.
resource "aws_secretsmanager_secret" "connections" {
  name                    = var.secret_name
  description             = "Kheti's DATABASE_URL, DATABASE_REPLICA_URLS, REDIS_URL and REDIS_CACHE_URL"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days
}

resource "aws_secretsmanager_secret_version" "connections" {
  secret_id = aws_secretsmanager_secret.connections.id
  secret_string = jsonencode({
    DATABASE_URL = "postgres://${local.database_user}@${var.database.primary_address}:${var.database.port}/${var.database.name}?${local.database_query}"
    DATABASE_REPLICA_URLS = join(",", [
      for address in var.database.replica_addresses :
      "postgres://${local.database_user}@${address}:${var.database.port}/${var.database.name}?${local.database_query}"
    ])
    REDIS_URL       = "rediss://${local.redis_user}@${var.redis.queue_address}:${var.redis.port}"
    REDIS_CACHE_URL = "rediss://${local.redis_user}@${var.redis.cache_address}:${var.redis.port}"
  })
}
