# The application's key: it encrypts the secrets below and the uploads, and it protects Kheti's
# envelope encryption: the pods wrap data keys with it (KEY_PROVIDER=aws-kms), or
# KHETI_ENCRYPTION_KEY is a data key generated under it. Either way no plaintext key enters
# Terraform's state (see the README).
resource "aws_kms_key" "app" {
  description         = "${var.name} application data and secrets"
  enable_key_rotation = true
}

resource "aws_kms_alias" "app" {
  name          = "alias/${var.name}-app"
  target_key_id = aws_kms_key.app.key_id
}

# Letters and digits only: both values end up inside URLs (postgres://, rediss://), where other
# characters would need escaping, and RDS and ElastiCache each refuse some punctuation.
resource "random_password" "database" {
  length  = 40
  special = false
}

resource "random_password" "redis_auth_token" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "database_password" {
  name                    = "${var.secret_prefix}/database-master-password"
  description             = "The RDS master user's password"
  kms_key_id              = aws_kms_key.app.arn
  recovery_window_in_days = var.recovery_window_days
}

resource "aws_secretsmanager_secret_version" "database_password" {
  secret_id     = aws_secretsmanager_secret.database_password.id
  secret_string = random_password.database.result
}

resource "aws_secretsmanager_secret" "redis_auth_token" {
  name                    = "${var.secret_prefix}/redis-auth-token"
  description             = "The AUTH token of both ElastiCache replication groups"
  kms_key_id              = aws_kms_key.app.arn
  recovery_window_in_days = var.recovery_window_days
}

resource "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id     = aws_secretsmanager_secret.redis_auth_token.id
  secret_string = random_password.redis_auth_token.result
}

# Values no apply may know: KHETI_BLIND_INDEX_KEY or KHETI_ENCRYPTION_KEY (a KMS data key), the
# data sources' API keys, JWT and bootstrap settings. Created empty; an operator puts the JSON
# object in (README).
resource "aws_secretsmanager_secret" "app" {
  name                    = "${var.secret_prefix}/app"
  description             = "Kheti settings set by operators: encryption keys and API keys"
  kms_key_id              = aws_kms_key.app.arn
  recovery_window_in_days = var.recovery_window_days
}
