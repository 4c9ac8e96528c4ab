# IRSA roles of the two cluster add-ons that make the API reachable: the AWS Load Balancer
# Controller (creates the ALB from the Ingress) and external-dns (points origin_domain_name at it).
locals {
  add_on_service_accounts = {
    load_balancer_controller = var.load_balancer_controller_service_account
    external_dns             = var.external_dns_service_account
  }
}

data "aws_iam_policy_document" "add_on_trust" {
  for_each = local.add_on_service_accounts

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer_host}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.name}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "add_on" {
  for_each           = local.add_on_service_accounts
  name               = "${var.name}-${each.value.name}"
  assume_role_policy = data.aws_iam_policy_document.add_on_trust[each.key].json
}

# The controller's policy exactly as its project publishes it for the release installed, read at
# plan time from the release's tag, so an upgrade is a change of load_balancer_controller_version.
data "http" "load_balancer_controller_policy" {
  url = "https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/${var.load_balancer_controller_version}/docs/install/iam_policy.json"

  lifecycle {
    postcondition {
      condition     = self.status_code == 200
      error_message = "The AWS Load Balancer Controller's IAM policy could not be read for ${var.load_balancer_controller_version}."
    }
  }
}

resource "aws_iam_policy" "load_balancer_controller" {
  name        = "${var.name}-aws-load-balancer-controller"
  description = "The AWS Load Balancer Controller's published IAM policy (${var.load_balancer_controller_version})"
  policy      = data.http.load_balancer_controller_policy.response_body
}

resource "aws_iam_role_policy_attachment" "load_balancer_controller" {
  role       = aws_iam_role.add_on["load_balancer_controller"].name
  policy_arn = aws_iam_policy.load_balancer_controller.arn
}

# external-dns changes records in the one hosted zone; listing is all it may do elsewhere.
data "aws_iam_policy_document" "external_dns" {
  statement {
    sid       = "ChangeRecordsInTheZone"
    actions   = ["route53:ChangeResourceRecordSets"]
    resources = ["arn:aws:route53:::hostedzone/${var.route53_zone_id}"]
  }
  statement {
    sid       = "ListZonesAndRecords"
    actions   = ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "external_dns" {
  name   = "route53-records"
  role   = aws_iam_role.add_on["external_dns"].id
  policy = data.aws_iam_policy_document.external_dns.json
}
