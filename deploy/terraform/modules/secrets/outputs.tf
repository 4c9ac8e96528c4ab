output "kms_key_arn" {
  description = "The application KMS key's ARN (envelope encryption, secrets, uploads)."
  value       = aws_kms_key.app.arn
}

output "kms_key_alias" {
  description = "The application KMS key's alias."
  value       = aws_kms_alias.app.name
}

# The versions' ARNs (equal to the secrets'), so readers wait for the value to exist.
output "database_password_secret_arn" {
  description = "The secret holding the RDS master password."
  value       = aws_secretsmanager_secret_version.database_password.arn
}

output "redis_auth_token_secret_arn" {
  description = "The secret holding the Redis AUTH token."
  value       = aws_secretsmanager_secret_version.redis_auth_token.arn
}

output "app_secret_arn" {
  description = "The operator-filled secret (encryption and API keys)."
  value       = aws_secretsmanager_secret.app.arn
}

output "app_secret_name" {
  description = "The operator-filled secret's name."
  value       = aws_secretsmanager_secret.app.name
}
