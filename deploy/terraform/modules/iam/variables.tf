variable "name" {
  description = "Prefix of every role name, e.g. kheti-production."
  type        = string
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider."
  type        = string
}

variable "oidc_issuer_host" {
  description = "The OIDC issuer without https://, prefix of the trust policy's condition keys."
  type        = string
}

variable "namespace" {
  description = "The Kubernetes namespace of Kheti's service accounts."
  type        = string
  default     = "kheti"
}

variable "secret_arns" {
  description = "The Secrets Manager secrets Kheti reads (connections and the operator-filled one)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "The application KMS key the pods encrypt, decrypt and generate data keys with."
  type        = string
}

variable "uploads_bucket_arn" {
  description = "The uploads bucket the worker reads and writes."
  type        = string
}
