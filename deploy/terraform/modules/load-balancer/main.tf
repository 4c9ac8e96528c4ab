# The ALB itself is the AWS Load Balancer Controller's, made from the kheti-api Ingress
# (deploy/k8s/base/api-ingress.yaml). This module makes what that Ingress names by ARN or id: the
# security group, the certificate, the REGIONAL web ACL, and the controller's own IAM role.

# Only CloudFront reaches the ALB: its origin-facing addresses are the one source allowed in, so
# the edge's WAF and caching rules cannot be walked around. The prefix list counts as about 55
# rules against the group's quota of 60, which leaves room for one port: 443, CloudFront's only
# way to the origin (https-only).
data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

# Given to the controller through the Ingress's security-groups annotation, so it creates none of
# its own and the rules stay here, in the plan.
resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "The API's ALB (AWS Load Balancer Controller): HTTPS from CloudFront, to the API pods"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_cloudfront" {
  security_group_id = aws_security_group.alb.id
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS from CloudFront"
}

# target-type ip: the ALB connects to the pods' own addresses, which the VPC CNI gives from the
# nodes' subnets and which carry the nodes' security group.
resource "aws_vpc_security_group_egress_rule" "alb_to_pods" {
  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = var.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.api_pod_port
  to_port                      = var.api_pod_port
  description                  = "The kheti-api pods' port, for requests and health checks"
}

resource "aws_vpc_security_group_ingress_rule" "pods_from_alb" {
  security_group_id            = var.node_security_group_id
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.api_pod_port
  to_port                      = var.api_pod_port
  description                  = "The kheti-api pods' port from the ALB"
}

# Attached by the controller (alb.ingress.kubernetes.io/wafv2-acl-arn), not by an association here:
# the ALB is not in this state.
module "waf" {
  source                   = "../waf-acl"
  name                     = "${var.name}-alb"
  scope                    = "REGIONAL"
  rate_limit_per_5_minutes = var.rate_limit_per_5_minutes
}
