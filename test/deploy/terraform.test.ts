import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { type ParsedTerraformFile, parseTerraformTree, withTerraformEdit } from '../support/terraform-files.js';
import { terraformPolicyViolations } from '../support/terraform-policy.js';

const ROOT = 'deploy/terraform';
const MODULES = `${ROOT}/modules`;
const PRODUCTION = `${ROOT}/environments/production`;

/** Replaces the first match of `pattern`; withTerraformEdit refuses an edit that matched nothing. */
const replace = (pattern: RegExp, replacement: string) => (text: string) => text.replace(pattern, replacement);
const append = (extra: string) => (text: string) => `${text}\n${extra}`;

const openIngress = (name: string, group: string, port: number) => `
resource "aws_vpc_security_group_ingress_rule" "${name}" {
  security_group_id = aws_security_group.${group}.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = ${port}
  to_port           = ${port}
}
`;

/** Each a policy broken on purpose, in the file that holds it, and the one rule that must then fail. */
const BREAKAGES: { name: string; path: string; edit: (text: string) => string; rule: string }[] = [
  {
    name: 'a publicly accessible primary',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/publicly_accessible(\s*)= false/, 'publicly_accessible$1= true'),
    rule: 'rds-publicly-accessible',
  },
  {
    name: 'a publicly accessible replica',
    path: `${MODULES}/database/instances.tf`,
    edit: (t) => t.replace(/(replicate_source_db[\s\S]*?publicly_accessible\s*=) false/, '$1 true'),
    rule: 'rds-publicly-accessible',
  },
  {
    name: 'unencrypted database storage',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/storage_encrypted(\s*)= true/, 'storage_encrypted$1= false'),
    rule: 'rds-storage-encrypted',
  },
  {
    name: 'database storage on the AWS-managed key',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/\n\s*kms_key_id\s*= aws_kms_key\.database\.arn/, ''),
    rule: 'rds-kms-key',
  },
  {
    name: 'rds.force_ssl off',
    path: `${MODULES}/database/main.tf`,
    edit: replace(/(name\s*= "rds\.force_ssl"\s*value\s*=) "1"/, '$1 "0"'),
    rule: 'rds-force-ssl',
  },
  {
    name: 'a single-AZ primary',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/multi_az(\s*)= true/, 'multi_az$1= false'),
    rule: 'rds-multi-az',
  },
  {
    name: 'PostgreSQL 14',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/engine_version = "15"/, 'engine_version = "14"'),
    rule: 'rds-engine-version',
  },
  {
    name: 'no automated backups',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/backup_retention_period(\s*)= var\.backup_retention_days/, 'backup_retention_period$1= 0'),
    rule: 'rds-backups',
  },
  {
    name: 'two replicas in production',
    path: `${PRODUCTION}/main.tf`,
    edit: replace(/replica_count = 3/, 'replica_count = 2'),
    rule: 'rds-replica-count',
  },
  {
    name: 'a hard-coded replica count of 2',
    path: `${MODULES}/database/instances.tf`,
    edit: replace(/count(\s*)= var\.replica_count/, 'count$1= 2'),
    rule: 'rds-replica-count',
  },
  {
    name: 'production without deletion protection',
    path: `${PRODUCTION}/main.tf`,
    edit: replace(/deletion_protection(\s*)= true/, 'deletion_protection$1= false'),
    rule: 'rds-deletion-protection',
  },
  {
    name: 'a KMS key without rotation',
    path: `${MODULES}/registry/main.tf`,
    edit: replace(/enable_key_rotation = true/, 'enable_key_rotation = false'),
    rule: 'kms-key-rotation',
  },
  {
    name: 'the API node group on spot',
    path: `${MODULES}/eks/node-groups.tf`,
    edit: replace(/capacity_type(\s*)= "ON_DEMAND"/, 'capacity_type$1= "SPOT"'),
    rule: 'node-group-capacity',
  },
  {
    name: 'the API node group with no capacity type',
    path: `${MODULES}/eks/node-groups.tf`,
    edit: replace(/\n\s*capacity_type\s*= "ON_DEMAND"/, ''),
    rule: 'node-group-capacity',
  },
  {
    name: 'the worker group without its taint',
    path: `${MODULES}/eks/node-groups.tf`,
    edit: replace(/\n {2}taint \{[^}]*\}\n/, '\n'),
    rule: 'spot-node-group-taint',
  },
  {
    name: 'the worker group on demand',
    path: `${MODULES}/eks/node-groups.tf`,
    edit: replace(/capacity_type(\s*)= "SPOT"/, 'capacity_type$1= "ON_DEMAND"'),
    rule: 'worker-node-group-spot',
  },
  {
    name: 'Redis without TLS',
    path: `${MODULES}/redis/replication-groups.tf`,
    edit: replace(/transit_encryption_enabled = true/, 'transit_encryption_enabled = false'),
    rule: 'elasticache-transit-encryption',
  },
  {
    name: 'Redis unencrypted at rest',
    path: `${MODULES}/redis/replication-groups.tf`,
    edit: replace(/at_rest_encryption_enabled = true/, 'at_rest_encryption_enabled = false'),
    rule: 'elasticache-at-rest-encryption',
  },
  {
    name: 'Redis without an AUTH token',
    path: `${MODULES}/redis/replication-groups.tf`,
    edit: replace(/\n\s*auth_token\s*= .*/, ''),
    rule: 'elasticache-auth-token',
  },
  {
    name: 'an evicting queue Redis',
    path: `${MODULES}/redis/main.tf`,
    edit: replace(/"noeviction"/, '"allkeys-lru"'),
    rule: 'elasticache-maxmemory-policy',
  },
  {
    name: 'ECR without scan on push',
    path: `${MODULES}/registry/main.tf`,
    edit: replace(/scan_on_push = true/, 'scan_on_push = false'),
    rule: 'ecr-scan-on-push',
  },
  { name: 'mutable ECR tags', path: `${MODULES}/registry/main.tf`, edit: replace(/"IMMUTABLE"/, '"MUTABLE"'), rule: 'ecr-immutable-tags' },
  {
    name: "an ALB made by Terraform beside the controller's",
    path: `${MODULES}/load-balancer/main.tf`,
    edit: append(`
resource "aws_lb" "api" {
  name               = "\${var.name}-api"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
}
`),
    rule: 'alb-owned-by-controller',
  },
  {
    name: 'the REGIONAL web ACL attached by Terraform instead of the Ingress',
    path: `${MODULES}/load-balancer/main.tf`,
    edit: append(`
resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = var.vpc_id
  web_acl_arn  = module.waf.arn
}
`),
    rule: 'alb-owned-by-controller',
  },
  {
    name: "the REGIONAL web ACL's ARN not an output",
    path: `${PRODUCTION}/outputs.tf`,
    edit: replace(/value(\s*)= module\.platform\.alb_web_acl_arn/, 'value$1= module.platform.cloudfront_domain_name'),
    rule: 'waf-regional-output',
  },
  {
    name: "the ALB's HTTPS not from CloudFront's prefix list",
    path: `${MODULES}/load-balancer/main.tf`,
    edit: replace(/"com\.amazonaws\.global\.cloudfront\.origin-facing"/, '"com.amazonaws.ap-south-1.s3"'),
    rule: 'alb-cloudfront-only',
  },
  {
    name: 'an app output for the Ingress missing',
    path: `${PRODUCTION}/outputs.tf`,
    edit: replace(/output "alb_security_group_id"/, 'output "alb_security_group"'),
    rule: 'environment-outputs',
  },
  {
    name: 'CloudFront without its web ACL',
    path: `${MODULES}/edge/distribution.tf`,
    edit: replace(/\n\s*web_acl_id\s*= module\.waf\.arn/, ''),
    rule: 'cloudfront-web-acl',
  },
  {
    name: 'a web ACL without the SQLi rules',
    path: `${MODULES}/waf-acl/main.tf`,
    edit: replace(/\n\s*"AWSManagedRulesSQLiRuleSet",/, ''),
    rule: 'waf-managed-rules',
  },
  {
    name: 'a web ACL without a rate limit',
    path: `${MODULES}/waf-acl/main.tf`,
    edit: replace(/rate_based_statement \{[^}]*\}/, 'xss_match_statement {}'),
    rule: 'waf-rate-limit',
  },
  {
    name: 'no REGIONAL web ACL',
    path: `${MODULES}/load-balancer/main.tf`,
    edit: replace(/scope(\s*)= "REGIONAL"/, 'scope$1= "CLOUDFRONT"'),
    rule: 'waf-scopes',
  },
  {
    name: 'cached API responses',
    path: `${MODULES}/edge/distribution.tf`,
    edit: replace(/caching_disabled\.id\n/, 'caching_optimized.id\n'),
    rule: 'cloudfront-api-uncached',
  },
  {
    name: '/oauth/* served from the bucket',
    path: `${MODULES}/edge/distribution.tf`,
    edit: replace(/, "\/oauth\/\*"/, ''),
    rule: 'cloudfront-api-uncached',
  },
  {
    name: 'the bucket origin without origin access control',
    path: `${MODULES}/edge/distribution.tf`,
    edit: replace(/\n\s*origin_access_control_id = .*/, ''),
    rule: 'cloudfront-s3-oac',
  },
  {
    name: 'a bucket allowing public policies',
    path: `${MODULES}/storage/main.tf`,
    edit: replace(/block_public_policy(\s*)= true/, 'block_public_policy$1= false'),
    rule: 's3-public-access-block',
  },
  {
    name: 'PostgreSQL open to the internet',
    path: `${MODULES}/database/main.tf`,
    edit: append(openIngress('database_from_anywhere', 'database', 5432)),
    rule: 'security-group-open-ingress',
  },
  {
    name: 'SSH to the ALB from anywhere',
    path: `${MODULES}/load-balancer/main.tf`,
    edit: append(openIngress('alb_ssh', 'alb', 22)),
    rule: 'security-group-open-ingress',
  },
  {
    name: 'a variable without a description',
    path: `${MODULES}/redis/variables.tf`,
    edit: replace(/\n\s*description = .*/, ''),
    rule: 'variable-description',
  },
  {
    name: 'the aws provider unpinned',
    path: `${PRODUCTION}/versions.tf`,
    edit: replace(/version = "~> 5\.0"/, 'version = ">= 4.0"'),
    rule: 'provider-version',
  },
  {
    name: 'an app output missing',
    path: `${PRODUCTION}/outputs.tf`,
    edit: replace(/output "worker_role_arn"/, 'output "worker_role"'),
    rule: 'environment-outputs',
  },
  {
    name: 'a misspelt module input',
    path: `${MODULES}/platform/main.tf`,
    edit: replace(/replica_count(\s*)= var\.replica_count/, 'replicas_count$1= var.replica_count'),
    rule: 'module-inputs',
  },
  {
    name: 'a required module input left out',
    path: `${MODULES}/platform/main.tf`,
    edit: replace(/\n\s*master_password_secret_arn\s*= .*/, ''),
    rule: 'module-inputs',
  },
  {
    name: 'an undeclared variable',
    path: `${MODULES}/redis/replication-groups.tf`,
    edit: replace(/var\.queue_node_type/, 'var.queue_node_typ'),
    rule: 'undeclared-reference',
  },
  {
    name: 'a module output that does not exist',
    path: `${MODULES}/platform/outputs.tf`,
    edit: replace(/module\.iam\.api_role_arn/, 'module.iam.api_role'),
    rule: 'undeclared-reference',
  },
  {
    name: 'a resource that does not exist',
    path: `${MODULES}/eks/cluster.tf`,
    edit: replace(/aws_kms_key\.secrets\.arn/, 'aws_kms_key.secret.arn'),
    rule: 'undeclared-reference',
  },
];

describe('Terraform for AWS (deploy/terraform)', () => {
  let files: ParsedTerraformFile[] = [];

  before(async () => {
    files = await parseTerraformTree(process.cwd(), ROOT);
  });

  it('is formatted as terraform fmt writes it', (t) => {
    // CHECKPOINT_DISABLE: terraform would otherwise ask HashiCorp's server for a newer version.
    const fmt = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', ROOT], {
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    if ((fmt.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      t.skip('terraform is not installed: the format check did not run (the policy checks below still do)');
      return;
    }
    assert.equal(fmt.status, 0, `terraform fmt -check found unformatted files:\n${fmt.stdout}${fmt.stderr}`);
  });

  it('parses every .tf file: two environments calling the shared modules', () => {
    const paths = files.map((f) => f.path);
    for (const dir of ['environments/staging', 'environments/production']) {
      assert.ok(paths.includes(`${ROOT}/${dir}/main.tf`), `${dir}/main.tf`);
    }
    for (const module of ['network', 'eks', 'database', 'redis', 'registry', 'edge', 'secrets', 'iam', 'load-balancer']) {
      assert.ok(
        paths.some((p) => p.startsWith(`${MODULES}/${module}/`)),
        `module ${module}`,
      );
    }
    for (const file of files) assert.ok(Object.keys(file.hcl).length > 0, `${file.path} parses to something`);
  });

  it('gives the AWS Load Balancer Controller the IAM policy its project publishes, read from a pinned release tag', () => {
    const controller = files.find((f) => f.path === `${MODULES}/load-balancer/controller.tf`);
    assert.ok(controller, 'load-balancer/controller.tf');
    const source = controller.hcl['data']?.['http']?.['load_balancer_controller_policy']?.[0] as { url?: string } | undefined;
    /** How hcl2json writes an HCL interpolation. */
    const interpolated = (expression: string) => `\${${expression}}`;
    assert.equal(
      source?.url,
      `https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/${interpolated('var.load_balancer_controller_version')}/docs/install/iam_policy.json`,
    );
    const policy = controller.hcl['resource']?.['aws_iam_policy']?.['load_balancer_controller']?.[0]?.['policy'];
    assert.equal(String(policy), interpolated('data.http.load_balancer_controller_policy.response_body'));
    const variables = files.find((f) => f.path === `${MODULES}/load-balancer/variables.tf`)!;
    const version = variables.hcl['variable']?.['load_balancer_controller_version']?.[0] as { default?: string } | undefined;
    assert.match(String(version?.default), /^v\d+\.\d+\.\d+$/, 'a release tag, never a branch');
  });

  it('meets every deployment policy', () => {
    assert.deepEqual(terraformPolicyViolations(files), []);
  });

  describe('breaking a policy on purpose makes the check fail', () => {
    for (const breakage of BREAKAGES) {
      it(`${breakage.name}: ${breakage.rule}`, async () => {
        const broken = await withTerraformEdit(files, breakage.path, breakage.edit);
        const rules = [...new Set(terraformPolicyViolations(broken).map((v) => v.rule))];
        assert.deepEqual(rules, [breakage.rule]);
      });
    }

    it('HTTPS or HTTP to the ALB from anywhere is open ingress: it would walk around CloudFront', async () => {
      for (const port of [443, 80]) {
        const open = await withTerraformEdit(
          files,
          `${MODULES}/load-balancer/main.tf`,
          append(openIngress(`alb_${port}_anywhere`, 'alb', port)),
        );
        assert.deepEqual([...new Set(terraformPolicyViolations(open).map((v) => v.rule))], ['security-group-open-ingress'], `port ${port}`);
      }
    });
  });
});
