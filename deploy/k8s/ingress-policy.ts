import type { RenderedObject, Violation } from './policy.js';

/**
 * The API's ALB belongs to the AWS Load Balancer Controller, and deploy/terraform makes what its
 * Ingress must name: without the web ACL the ALB has no regional WAF, without the certificate no
 * HTTPS listener, and without Terraform's security group the controller makes one open to anywhere,
 * a way around CloudFront.
 */

const ANNOTATION = 'alb.ingress.kubernetes.io/';

const REQUIRED = [
  {
    rule: 'ingress-waf',
    annotation: 'wafv2-acl-arn',
    pattern: /^arn:aws:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/,
    what: 'the ARN of a REGIONAL WAFv2 web ACL',
  },
  {
    rule: 'ingress-certificate',
    annotation: 'certificate-arn',
    pattern: /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[^/,]+$/,
    what: 'the ARN of an ACM certificate',
  },
  {
    rule: 'ingress-security-group',
    annotation: 'security-groups',
    pattern: /^sg-[0-9a-f]{8,17}$/,
    what: "one security group id (Terraform's, which admits CloudFront only)",
  },
] as const;

export type IngressRule = (typeof REQUIRED)[number]['rule'];

export function ingressViolations(objects: readonly RenderedObject[]): Violation[] {
  const albIngresses = objects.filter(
    (object) => object.kind === 'Ingress' && (object.spec as { ingressClassName?: string } | undefined)?.ingressClassName === 'alb',
  );
  return albIngresses.flatMap((ingress) =>
    REQUIRED.filter(({ annotation, pattern }) => !pattern.test(ingress.metadata.annotations?.[ANNOTATION + annotation] ?? '')).map(
      ({ rule, annotation, what }) => ({
        rule,
        where: `Ingress/${ingress.metadata.name}`,
        detail: `${ANNOTATION}${annotation} must be ${what}`,
      }),
    ),
  );
}
