output "secret_arn" {
  description = "The connections secret's ARN."
  value       = aws_secretsmanager_secret.connections.arn
}

output "secret_name" {
  description = "The connections secret's name."
  value       = aws_secretsmanager_secret.connections.name
}
