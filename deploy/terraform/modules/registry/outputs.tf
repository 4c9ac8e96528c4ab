output "repository_url" {
  description = "The repository's URL, to push and pull the kheti image."
  value       = aws_ecr_repository.this.repository_url
}

output "repository_arn" {
  description = "The repository's ARN."
  value       = aws_ecr_repository.this.arn
}
