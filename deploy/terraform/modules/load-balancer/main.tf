# Only CloudFront reaches the ALB: its origin-facing addresses are the one source allowed in, so
# the WAF and caching rules at the edge cannot be walked around.
data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "The API's ALB: HTTPS from CloudFront, to the nodes' API port"
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

resource "aws_vpc_security_group_egress_rule" "alb_to_nodes" {
  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = var.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.node_port
  to_port                      = var.node_port
  description                  = "The kheti-api NodePort"
}

resource "aws_vpc_security_group_ingress_rule" "nodes_from_alb" {
  security_group_id            = var.node_security_group_id
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.node_port
  to_port                      = var.node_port
  description                  = "The kheti-api NodePort from the ALB"
}

resource "aws_lb" "api" {
  name                       = "${var.name}-api"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  # WebSocket streams stay open; the API pings every 30 s, well inside this.
  idle_timeout = 120
}

resource "aws_lb_target_group" "api" {
  name        = "${var.name}-api"
  target_type = "instance"
  protocol    = "HTTP"
  port        = var.node_port
  vpc_id      = var.vpc_id
  # Matches the API's graceful shutdown (25 s): in-flight requests finish before deregistration.
  deregistration_delay = 30

  health_check {
    path                = "/readyz"
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_autoscaling_attachment" "api" {
  autoscaling_group_name = var.node_group_asg_name
  lb_target_group_arn    = aws_lb_target_group.api.arn
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.origin.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

module "waf" {
  source                   = "../waf-acl"
  name                     = "${var.name}-alb"
  scope                    = "REGIONAL"
  rate_limit_per_5_minutes = var.rate_limit_per_5_minutes
}

resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_lb.api.arn
  web_acl_arn  = module.waf.arn
}
