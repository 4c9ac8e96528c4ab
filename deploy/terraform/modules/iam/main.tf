locals {
  service_accounts = {
    api            = "kheti-api"
    worker         = "kheti-worker"
    secrets_reader = "kheti-secrets-reader"
  }
}

# Each role trusts one service account of one namespace only, through the cluster's OIDC provider.
data "aws_iam_policy_document" "trust" {
  for_each = local.service_accounts

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer_host}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${each.value}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "service_account" {
  for_each           = local.service_accounts
  name               = "${var.name}-${each.value}"
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
}
