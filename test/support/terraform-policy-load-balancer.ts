import { posix } from 'node:path';
import { evaluate, type ModuleInstance, referencedName, type TerraformBlock } from './terraform-model.js';
import { type PolicyContext, resources, resourcesIn } from './terraform-policy-context.js';

/**
 * The AWS Load Balancer Controller owns the API's ALB (deploy/k8s/base/api-ingress.yaml); Terraform
 * makes what the Ingress names: the REGIONAL web ACL, the certificate and the security group.
 */

/** Resources that would make or wire a second ALB beside the controller's. */
const CONTROLLER_OWNED = [
  'aws_lb',
  'aws_alb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'aws_autoscaling_attachment',
  'aws_wafv2_web_acl_association',
];

function controllerOwnsTheAlb(context: PolicyContext): void {
  for (const type of CONTROLLER_OWNED) {
    for (const block of resources(context, type)) {
      context.report('alb-owned-by-controller', block, 'the AWS Load Balancer Controller makes the ALB and attaches its web ACL');
    }
  }
}

const MODULE_META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
const MODULE_OUTPUT = /^\$\{module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\}$/;

/** The web ACL an output's value is the ARN of, followed through module outputs, with its instance. */
function webAclBehind(
  context: PolicyContext,
  instance: ModuleInstance,
  value: unknown,
  depth = 0,
): [TerraformBlock, ModuleInstance] | undefined {
  if (typeof value !== 'string' || depth > 10) return undefined;
  const acl = /^\$\{aws_wafv2_web_acl\.([A-Za-z0-9_-]+)\.arn\}$/.exec(value)?.[1];
  if (acl) {
    const block = resourcesIn(instance.dir, 'aws_wafv2_web_acl').find((b) => b.name === acl);
    return block && [block, instance];
  }
  const [, callName, outputName] = MODULE_OUTPUT.exec(value) ?? [];
  const call = instance.dir.modules.find((m) => m.name === callName);
  const dir = call && context.dirs.get(posix.normalize(posix.join(instance.dir.path, String(call.body['source']))));
  const output = dir?.outputs.find((o) => o.name === outputName);
  if (!call || !dir || !output) return undefined;
  const vars = Object.fromEntries(
    Object.entries(call.body)
      .filter(([key]) => !MODULE_META.has(key))
      .map(([key, item]) => [key, evaluate(item, instance)]),
  );
  return webAclBehind(context, { environment: instance.environment, dir, vars }, output.body['value'], depth + 1);
}

/** The Ingress's wafv2-acl-arn annotation is filled from an environment output: one must give it. */
function regionalWebAclOutput(context: PolicyContext): void {
  for (const [environment, instances] of context.environments) {
    const isRegional = (acl: TerraformBlock, instance: ModuleInstance) => evaluate(acl.body['scope'], instance) === 'REGIONAL';
    // Without any REGIONAL web ACL, waf-scopes has said so already.
    if (!instances.some((instance) => resourcesIn(instance.dir, 'aws_wafv2_web_acl').some((acl) => isRegional(acl, instance)))) continue;
    const root = instances[0]!;
    const exported = root.dir.outputs.some((output) => {
      const found = webAclBehind(context, root, output.body['value']);
      return found !== undefined && isRegional(...found);
    });
    if (!exported) {
      context.report(
        'waf-regional-output',
        environment,
        `${environment} outputs the ARN of a REGIONAL web ACL for the Ingress's wafv2-acl-arn`,
      );
    }
  }
}

const CLOUDFRONT_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

/** The ALB's security group (the Ingress's security-groups) admits HTTPS from CloudFront's prefix list. */
function albFromCloudFront(context: PolicyContext): void {
  for (const group of resources(context, 'aws_security_group').filter((g) => g.name === 'alb')) {
    const dir = [...context.dirs.values()].find((d) => d.resources.includes(group))!;
    const fromCloudFront = resourcesIn(dir, 'aws_vpc_security_group_ingress_rule').some((rule) => {
      const list = referencedName(rule.body['prefix_list_id'], 'data.aws_ec2_managed_prefix_list');
      const listName = dir.data.find((d) => d.type === 'aws_ec2_managed_prefix_list' && d.name === list)?.body['name'];
      return (
        referencedName(rule.body['security_group_id'], 'aws_security_group') === group.name &&
        listName === CLOUDFRONT_PREFIX_LIST &&
        rule.body['from_port'] === 443 &&
        rule.body['to_port'] === 443
      );
    });
    if (!fromCloudFront) context.report('alb-cloudfront-only', group, `443 is admitted from the ${CLOUDFRONT_PREFIX_LIST} prefix list`);
  }
  if (!resources(context, 'aws_security_group').some((g) => g.name === 'alb')) {
    context.report('alb-cloudfront-only', 'aws_security_group', 'a security group named alb for the Ingress');
  }
}

export function loadBalancerPolicies(context: PolicyContext): void {
  controllerOwnsTheAlb(context);
  regionalWebAclOutput(context);
  albFromCloudFront(context);
}
