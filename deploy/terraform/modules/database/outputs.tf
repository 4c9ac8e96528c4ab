output "primary_address" {
  description = "The primary's host name (DATABASE_URL)."
  value       = aws_db_instance.primary.address
}

output "primary_endpoint" {
  description = "The primary's host:port."
  value       = aws_db_instance.primary.endpoint
}

output "replica_addresses" {
  description = "The read replicas' host names (DATABASE_REPLICA_URLS)."
  value       = aws_db_instance.replica[*].address
}

output "replica_endpoints" {
  description = "The read replicas' host:port."
  value       = aws_db_instance.replica[*].endpoint
}

output "port" {
  description = "The PostgreSQL port."
  value       = aws_db_instance.primary.port
}

output "database_name" {
  description = "The database's name."
  value       = aws_db_instance.primary.db_name
}

output "master_username" {
  description = "The master user's name."
  value       = aws_db_instance.primary.username
}
