output "arn" {
  description = "The web ACL's ARN (CloudFront's web_acl_id, or an ALB association's web_acl_arn)."
  value       = aws_wafv2_web_acl.this.arn
}
