resource "aws_iam_role" "node" {
  name = "${var.name}-eks-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}

# The API and system pods (CoreDNS, controllers) run on on-demand capacity: a spot reclaim must
# never take serving capacity away.
resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "system"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  capacity_type   = "ON_DEMAND"
  instance_types  = var.system_instance_types

  labels = {
    "kheti.io/pool" = "system"
  }

  scaling_config {
    min_size     = var.system_scaling.min
    desired_size = var.system_scaling.desired
    max_size     = var.system_scaling.max
  }

  update_config {
    max_unavailable = 1
  }

  # The cluster autoscaler moves the desired size; a plan must not move it back.
  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.node]
}

# Workers run jobs that go back to the queue when interrupted, so they can live on spot capacity.
# The taint keeps every other pod off it; only the worker Deployment tolerates kheti.io/spot.
# Interruptions are handled by the managed node group itself: for SPOT groups EKS turns on the
# Auto Scaling group's capacity rebalancing and drains a node (cordon, evict with the pods' grace
# period) when EC2 sends a rebalance recommendation, so no node termination handler is installed.
resource "aws_eks_node_group" "workers" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "workers-spot"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  capacity_type   = "SPOT"
  instance_types  = var.worker_instance_types

  labels = {
    "kheti.io/pool" = "workers"
  }

  taint {
    key    = "kheti.io/spot"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  scaling_config {
    min_size     = var.worker_scaling.min
    desired_size = var.worker_scaling.desired
    max_size     = var.worker_scaling.max
  }

  update_config {
    max_unavailable_percentage = 33
  }

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.node]
}
