resource "aws_db_instance" "primary" {
  identifier     = "${var.name}-primary"
  engine         = "postgres"
  engine_version = "15"
  instance_class = var.instance_class
  db_name        = var.database_name
  username       = var.master_username
  password       = data.aws_secretsmanager_secret_version.master_password.secret_string

  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.database.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false

  storage_type          = "gp3"
  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.database.arn

  backup_retention_period   = var.backup_retention_days
  backup_window             = "20:30-21:30"
  maintenance_window        = "sun:22:00-sun:23:00"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = "${var.name}-primary-final"

  auto_minor_version_upgrade            = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.database.arn
  enabled_cloudwatch_logs_exports       = ["postgresql"]
  allow_major_version_upgrade           = false
  performance_insights_retention_period = 7

  # The password lives in Secrets Manager and may be rotated there; this apply must not undo that.
  lifecycle {
    ignore_changes = [password]
  }
}

# Read replicas for DATABASE_REPLICA_URLS. They inherit encryption from the primary, and the same
# key and settings are written out so that the checks (and readers) see it on every instance.
resource "aws_db_instance" "replica" {
  count               = var.replica_count
  identifier          = "${var.name}-replica-${count.index + 1}"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = var.replica_instance_class

  vpc_security_group_ids = [aws_security_group.database.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  storage_encrypted      = true
  kms_key_id             = aws_kms_key.database.arn

  # Replicas are rebuilt from the primary; its backups are the ones that count.
  backup_retention_period = 0
  skip_final_snapshot     = true
  deletion_protection     = var.deletion_protection

  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.database.arn
}
