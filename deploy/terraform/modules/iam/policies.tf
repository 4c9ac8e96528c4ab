data "aws_iam_policy_document" "secrets_and_key" {
  statement {
    sid       = "ReadKhetiSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = var.secret_arns
  }
  statement {
    sid       = "UseApplicationKey"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "uploads" {
  statement {
    sid       = "ListUploads"
    actions   = ["s3:ListBucket"]
    resources = [var.uploads_bucket_arn]
  }
  statement {
    sid       = "ReadWriteUploads"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.uploads_bucket_arn}/*"]
  }
}

resource "aws_iam_role_policy" "api" {
  name   = "secrets-and-key"
  role   = aws_iam_role.service_account["api"].id
  policy = data.aws_iam_policy_document.secrets_and_key.json
}

resource "aws_iam_role_policy" "worker" {
  name   = "secrets-and-key"
  role   = aws_iam_role.service_account["worker"].id
  policy = data.aws_iam_policy_document.secrets_and_key.json
}

resource "aws_iam_role_policy" "worker_uploads" {
  name   = "uploads"
  role   = aws_iam_role.service_account["worker"].id
  policy = data.aws_iam_policy_document.uploads.json
}

# The External Secrets Operator copies the secrets into Kubernetes; it needs to read them and to
# decrypt with the key they are encrypted with, nothing else.
data "aws_iam_policy_document" "secrets_reader" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = var.secret_arns
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "secrets_reader" {
  name   = "read-secrets"
  role   = aws_iam_role.service_account["secrets_reader"].id
  policy = data.aws_iam_policy_document.secrets_reader.json
}
