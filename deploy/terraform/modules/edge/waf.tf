module "waf" {
  source                   = "../waf-acl"
  name                     = "${var.name}-cloudfront"
  scope                    = "CLOUDFRONT"
  rate_limit_per_5_minutes = var.rate_limit_per_5_minutes

  providers = {
    aws = aws.us_east_1
  }
}
