variable "name" {
  description = "The cluster's name, e.g. kheti-production."
  type        = string
}

variable "kubernetes_version" {
  description = "The EKS Kubernetes version (major.minor)."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control plane's network interfaces and the nodes."
  type        = list(string)
}

variable "public_access_cidrs" {
  description = "Ranges allowed to reach the Kubernetes API's public endpoint (operators, CI); empty turns the public endpoint off."
  type        = list(string)
}

variable "admin_principal_arns" {
  description = "IAM roles or users given cluster-admin through EKS access entries; include the role that applies the Kubernetes manifests."
  type        = list(string)
}

variable "system_instance_types" {
  description = "Instance types of the on-demand node group that runs the API and system pods."
  type        = list(string)
}

variable "system_scaling" {
  description = "Minimum, desired (at creation; the autoscaler owns it afterwards) and maximum size of the on-demand node group."
  type        = object({ min = number, desired = number, max = number })
}

variable "worker_instance_types" {
  description = "Instance types of the spot worker node group; several similar types so one spot pool running dry does not stop the workers."
  type        = list(string)
}

variable "worker_scaling" {
  description = "Minimum, desired (at creation) and maximum size of the spot worker node group."
  type        = object({ min = number, desired = number, max = number })
}
