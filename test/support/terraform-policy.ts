import type { ParsedTerraformFile } from './terraform-files.js';
import { environmentDirs, evaluate, groupTerraformDirs, moduleInstances, referencedName } from './terraform-model.js';
import { dirOf, nested, type PolicyContext, type PolicyViolation, resources, resourcesIn, where } from './terraform-policy-context.js';
import { edgePolicies } from './terraform-policy-edge.js';
import { loadBalancerPolicies } from './terraform-policy-load-balancer.js';
import { referencePolicies } from './terraform-references.js';

export type { PolicyViolation } from './terraform-policy-context.js';

function kmsPolicies(context: PolicyContext): void {
  for (const key of resources(context, 'aws_kms_key')) {
    if (key.body['enable_key_rotation'] !== true) context.report('kms-key-rotation', key, 'customer-managed KMS keys rotate yearly');
  }
}

function databasePolicies(context: PolicyContext): void {
  for (const db of resources(context, 'aws_db_instance')) {
    const dir = dirOf(context, db);
    if (db.body['storage_encrypted'] !== true) context.report('rds-storage-encrypted', db, 'storage_encrypted must be true');
    const key = referencedName(db.body['kms_key_id'], 'aws_kms_key');
    if (!key || !resourcesIn(dir, 'aws_kms_key').some((k) => k.name === key)) {
      context.report('rds-kms-key', db, 'kms_key_id must name a customer-managed aws_kms_key of the module');
    }
    if (db.body['publicly_accessible'] !== false) context.report('rds-publicly-accessible', db, 'publicly_accessible must be false');
    const group = referencedName(db.body['parameter_group_name'], 'aws_db_parameter_group');
    const parameters = resourcesIn(dir, 'aws_db_parameter_group')
      .filter((g) => g.name === group)
      .flatMap((g) => nested(g.body, 'parameter'));
    if (!parameters.some((p) => p['name'] === 'rds.force_ssl' && String(p['value']) === '1')) {
      context.report('rds-force-ssl', db, 'its parameter group must set rds.force_ssl = 1');
    }
    if (db.body['replicate_source_db'] !== undefined) continue;
    if (db.body['engine'] !== 'postgres' || !/^15(\.|$)/.test(String(db.body['engine_version']))) {
      context.report('rds-engine-version', db, 'the primary runs PostgreSQL 15');
    }
    if (db.body['multi_az'] !== true) context.report('rds-multi-az', db, 'the primary is Multi-AZ');
    const retention = db.body['backup_retention_period'];
    if (retention === undefined || retention === 0) context.report('rds-backups', db, 'the primary keeps automated backups');
  }
  for (const [environment, instances] of context.environments) {
    let replicas = 0;
    for (const instance of instances) {
      for (const db of resourcesIn(instance.dir, 'aws_db_instance')) {
        if (db.body['replicate_source_db'] !== undefined) replicas += Number(evaluate(db.body['count'] ?? 1, instance));
        else if (environment === 'production' && evaluate(db.body['deletion_protection'], instance) !== true) {
          context.report('rds-deletion-protection', db, 'production protects the primary from deletion');
        }
      }
    }
    if (replicas !== 3) context.report('rds-replica-count', environment, `${environment} has ${replicas} read replicas, not 3`);
  }
}

function nodeGroupPolicies(context: PolicyContext): void {
  const groups = resources(context, 'aws_eks_node_group');
  for (const group of groups) {
    const isWorkers = group.body['labels']?.['kheti.io/pool'] === 'workers';
    const capacity = group.body['capacity_type'];
    if (!isWorkers && capacity !== 'ON_DEMAND') {
      context.report('node-group-capacity', group, `only the worker node group may be SPOT; this one is ${capacity ?? 'unset'}`);
    }
    if (!isWorkers) continue;
    if (capacity !== 'SPOT') context.report('worker-node-group-spot', group, 'the worker node group runs on SPOT capacity');
    const tainted = nested(group.body, 'taint').some(
      (t) => t['key'] === 'kheti.io/spot' && t['value'] === 'true' && t['effect'] === 'NO_SCHEDULE',
    );
    if (!tainted) context.report('spot-node-group-taint', group, 'the spot group carries the kheti.io/spot=true:NoSchedule taint');
  }
  const workers = groups.filter((g) => g.body['labels']?.['kheti.io/pool'] === 'workers');
  if (workers.length === 0 || workers.length === groups.length) {
    context.report(
      'node-groups-present',
      'aws_eks_node_group',
      'there is an on-demand group and a worker group labelled kheti.io/pool=workers',
    );
  }
}

const MAXMEMORY_POLICY: Record<string, string> = { queue: 'noeviction', cache: 'allkeys-lru' };

function redisPolicies(context: PolicyContext): void {
  const groups = resources(context, 'aws_elasticache_replication_group');
  for (const group of groups) {
    const dir = dirOf(context, group);
    if (group.body['transit_encryption_enabled'] !== true) context.report('elasticache-transit-encryption', group, 'TLS in transit');
    if (group.body['at_rest_encryption_enabled'] !== true) context.report('elasticache-at-rest-encryption', group, 'encrypted at rest');
    const token = group.body['auth_token'];
    if (typeof token !== 'string' || token === '') context.report('elasticache-auth-token', group, 'an AUTH token is required');
    const parameterGroup = referencedName(group.body['parameter_group_name'], 'aws_elasticache_parameter_group');
    const policy = resourcesIn(dir, 'aws_elasticache_parameter_group')
      .filter((g) => g.name === parameterGroup)
      .flatMap((g) => nested(g.body, 'parameter'))
      .find((p) => p['name'] === 'maxmemory-policy')?.['value'];
    const expected = MAXMEMORY_POLICY[group.name];
    if (!expected || policy !== expected) {
      context.report(
        'elasticache-maxmemory-policy',
        group,
        `maxmemory-policy is ${policy ?? 'unset'}; queue wants noeviction, cache allkeys-lru`,
      );
    }
  }
  for (const name of Object.keys(MAXMEMORY_POLICY)) {
    if (!groups.some((g) => g.name === name)) context.report('elasticache-groups', name, `a replication group named ${name}`);
  }
}

function registryPolicies(context: PolicyContext): void {
  for (const repository of resources(context, 'aws_ecr_repository')) {
    if (!nested(repository.body, 'image_scanning_configuration').some((c) => c['scan_on_push'] === true)) {
      context.report('ecr-scan-on-push', repository, 'images are scanned on push');
    }
    if (repository.body['image_tag_mutability'] !== 'IMMUTABLE') context.report('ecr-immutable-tags', repository, 'tags are immutable');
    if (!nested(repository.body, 'encryption_configuration').some((c) => c['encryption_type'] === 'KMS')) {
      context.report('ecr-kms', repository, 'images are encrypted with KMS');
    }
  }
}

function variablePolicies(context: PolicyContext): void {
  for (const dir of context.dirs.values()) {
    for (const variable of dir.variables) {
      const description = variable.body['description'];
      if (typeof description !== 'string' || description.trim() === '') {
        context.report('variable-description', variable, 'every variable says what it is for');
      }
    }
  }
}

const APP_OUTPUTS = [
  'database_endpoint',
  'database_replica_endpoints',
  'redis_queue_endpoint',
  'redis_cache_endpoint',
  'ecr_repository_url',
  'api_role_arn',
  'worker_role_arn',
  'cloudfront_domain_name',
  // The Ingress's annotations (deploy/k8s/overlays/*).
  'api_origin_certificate_arn',
  'alb_web_acl_arn',
  'alb_security_group_id',
  'load_balancer_controller_role_arn',
];

function environmentPolicies(context: PolicyContext): void {
  const environments = environmentDirs(context.dirs);
  if (environments.length < 2) context.report('environments', 'environments/', 'staging and production directories');
  for (const dir of environments) {
    const aws = dir.settings.flatMap((s) => nested(s.body, 'required_providers')).find((p) => p['aws'])?.['aws'];
    if (!/^~>\s*5(\.\d+)*$/.test(String(aws?.['version'])))
      context.report('provider-version', dir.path, 'the aws provider is pinned to ~> 5');
    for (const name of APP_OUTPUTS) {
      if (!dir.outputs.some((o) => o.name === name)) context.report('environment-outputs', dir.path, `output ${name} is missing`);
    }
  }
}

/** Every way the Terraform under deploy/terraform breaks Kheti's deployment policies; [] when none. */
export function terraformPolicyViolations(files: readonly ParsedTerraformFile[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const dirs = groupTerraformDirs(files);
  const context: PolicyContext = {
    dirs,
    environments: new Map(environmentDirs(dirs).map((dir) => [dir.path.split('/').pop()!, moduleInstances(dirs, dir)])),
    report(rule, block, message) {
      violations.push({ rule, where: typeof block === 'string' ? block : where(block), message });
    },
  };
  for (const check of [
    kmsPolicies,
    databasePolicies,
    nodeGroupPolicies,
    redisPolicies,
    registryPolicies,
    variablePolicies,
    environmentPolicies,
  ]) {
    check(context);
  }
  edgePolicies(context);
  loadBalancerPolicies(context);
  referencePolicies(context);
  return violations;
}
