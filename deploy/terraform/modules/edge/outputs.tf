output "distribution_domain_name" {
  description = "The distribution's cloudfront.net name."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_id" {
  description = "The distribution's id, for cache invalidations after a console deploy."
  value       = aws_cloudfront_distribution.this.id
}

output "console_bucket_name" {
  description = "The bucket the console's build and /docs are uploaded to."
  value       = aws_s3_bucket.console.id
}
