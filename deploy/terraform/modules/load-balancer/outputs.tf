output "origin_domain_name" {
  description = "The name CloudFront reaches the ALB by (its certificate matches it)."
  value       = aws_route53_record.origin.fqdn
}

output "alb_arn" {
  description = "The ALB's ARN."
  value       = aws_lb.api.arn
}

output "alb_dns_name" {
  description = "The ALB's AWS DNS name."
  value       = aws_lb.api.dns_name
}
