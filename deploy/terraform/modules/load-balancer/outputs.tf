output "origin_domain_name" {
  description = "The name CloudFront reaches the ALB by: the Ingress's host, its certificate's name, external-dns's record."
  value       = var.origin_domain_name
}

output "certificate_arn" {
  description = "The origin certificate (validated), for the Ingress's alb.ingress.kubernetes.io/certificate-arn."
  value       = aws_acm_certificate_validation.origin.certificate_arn
}

output "web_acl_arn" {
  description = "The REGIONAL web ACL, for the Ingress's alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.waf.arn
}

output "security_group_id" {
  description = "The ALB's security group, for the Ingress's alb.ingress.kubernetes.io/security-groups."
  value       = aws_security_group.alb.id
}

output "load_balancer_controller_role_arn" {
  description = "The AWS Load Balancer Controller's IAM role (its service account's eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.add_on["load_balancer_controller"].arn
}

output "external_dns_role_arn" {
  description = "external-dns's IAM role (its service account's eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.add_on["external_dns"].arn
}
