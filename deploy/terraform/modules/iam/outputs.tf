output "api_role_arn" {
  description = "The kheti-api service account's role (eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.service_account["api"].arn
}

output "worker_role_arn" {
  description = "The kheti-worker service account's role."
  value       = aws_iam_role.service_account["worker"].arn
}

output "secrets_reader_role_arn" {
  description = "The kheti-secrets-reader service account's role (External Secrets Operator)."
  value       = aws_iam_role.service_account["secrets_reader"].arn
}
