output "bucket_name" {
  description = "The uploads bucket's name (S3_BUCKET)."
  value       = aws_s3_bucket.uploads.id
}

output "bucket_arn" {
  description = "The uploads bucket's ARN."
  value       = aws_s3_bucket.uploads.arn
}
