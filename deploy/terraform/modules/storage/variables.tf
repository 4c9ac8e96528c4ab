variable "bucket_name" {
  description = "The uploads bucket's globally unique name (S3_BUCKET)."
  type        = string
}

variable "kms_key_arn" {
  description = "The KMS key objects are encrypted with (the application key)."
  type        = string
}
