import type { IContainer, IPodSpec, IPodTemplateSpec, IToleration } from 'kubernetes-models/v1';
import { type IngressRule, ingressViolations } from './ingress-policy.js';

/**
 * The rules every rendered Kheti manifest set keeps, as data: policyViolations() names each broken
 * rule, so a test can both require none and prove that each rule catches what it is about.
 */

export type PolicyRule =
  | 'run-as-non-root'
  | 'read-only-root-filesystem'
  | 'no-privilege-escalation'
  | 'resources'
  | 'api-probes'
  | 'worker-liveness'
  | 'pinned-image'
  | 'api-off-spot'
  | 'worker-on-spot'
  | 'default-deny'
  | IngressRule;

export interface Violation {
  rule: PolicyRule;
  /** kind/name and, for a container, its name. */
  where: string;
  detail: string;
}

/** A rendered object: only the fields the rules read are typed. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

/** The taint on spot nodes of the worker pool; only workers may land there. */
export const SPOT_TAINT = { key: 'kheti.io/spot', value: 'true', effect: 'NoSchedule' } as const;

interface PodTemplate {
  where: string;
  component: string | undefined;
  spec: IPodSpec;
}

function podTemplates(objects: readonly RenderedObject[]): PodTemplate[] {
  return objects.flatMap((object) => {
    const where = `${object.kind}/${object.metadata.name}`;
    const spec = object.spec as { template?: IPodTemplateSpec; jobTemplate?: { spec?: { template?: IPodTemplateSpec } } } | undefined;
    const template = object.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template : spec?.template;
    if (object.kind === 'Pod') {
      return [{ where, component: object.metadata.labels?.['app.kubernetes.io/component'], spec: object.spec as IPodSpec }];
    }
    if (!template?.spec) return [];
    return [{ where, component: template.metadata?.labels?.['app.kubernetes.io/component'], spec: template.spec }];
  });
}

/** Kubernetes' own matching of a toleration against a taint. */
export function tolerates(toleration: IToleration, taint: typeof SPOT_TAINT): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === taint.value;
}

// A digest pins an image; so does a tag, unless it is "latest". The tag follows the last "/", so a
// registry's port ("host:5000/kheti") is not mistaken for one.
function imageProblem(image: string | undefined): string | undefined {
  if (!image) return 'no image';
  if (image.includes('@sha256:')) return undefined;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  if (!tag) return `${image} has no tag`;
  if (tag === 'latest') return `${image} uses the latest tag`;
  return undefined;
}

function containerViolations(pod: PodTemplate, container: IContainer): Violation[] {
  const where = `${pod.where} container ${container.name}`;
  const found: Violation[] = [];
  const security = container.securityContext;
  if ((security?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot) !== true) {
    found.push({ rule: 'run-as-non-root', where, detail: 'runAsNonRoot is not true for the pod or the container' });
  }
  if (security?.readOnlyRootFilesystem !== true) {
    found.push({ rule: 'read-only-root-filesystem', where, detail: 'readOnlyRootFilesystem is not true' });
  }
  if (security?.allowPrivilegeEscalation !== false) {
    found.push({ rule: 'no-privilege-escalation', where, detail: 'allowPrivilegeEscalation is not false' });
  }
  // A memory limit bounds what a pod can take from its node; a CPU limit is optional because it only
  // throttles (the init containers and the migrate Job have none).
  const { requests, limits } = container.resources ?? {};
  const missing = [!requests?.cpu && 'requests.cpu', !requests?.memory && 'requests.memory', !limits?.memory && 'limits.memory'].filter(
    Boolean,
  );
  if (missing.length > 0) found.push({ rule: 'resources', where, detail: `missing ${missing.join(', ')}` });
  const problem = imageProblem(container.image);
  if (problem) found.push({ rule: 'pinned-image', where, detail: problem });
  return found;
}

function podViolations(pod: PodTemplate): Violation[] {
  const containers = pod.spec.containers ?? [];
  const found = [...(pod.spec.initContainers ?? []), ...containers].flatMap((container) => containerViolations(pod, container));
  const onSpot = (pod.spec.tolerations ?? []).some((toleration) => tolerates(toleration, SPOT_TAINT));
  if (pod.component === 'api') {
    for (const container of containers) {
      if (!container.readinessProbe || !container.livenessProbe) {
        found.push({
          rule: 'api-probes',
          where: `${pod.where} container ${container.name}`,
          detail: 'needs a readiness and a liveness probe',
        });
      }
    }
    if (onSpot) found.push({ rule: 'api-off-spot', where: pod.where, detail: `tolerates the spot taint ${SPOT_TAINT.key}` });
  }
  if (pod.component === 'worker') {
    for (const container of containers) {
      if (!container.livenessProbe)
        found.push({ rule: 'worker-liveness', where: `${pod.where} container ${container.name}`, detail: 'needs a liveness probe' });
    }
    if (!onSpot) found.push({ rule: 'worker-on-spot', where: pod.where, detail: `does not tolerate the spot taint ${SPOT_TAINT.key}` });
  }
  return found;
}

interface NetworkPolicySpec {
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  policyTypes?: string[];
  ingress?: unknown[];
  egress?: unknown[];
}

/** A policy selecting every pod, for both directions, with no rule letting anything through. */
function isDefaultDeny(object: RenderedObject): boolean {
  if (object.kind !== 'NetworkPolicy') return false;
  const spec = (object.spec ?? {}) as NetworkPolicySpec;
  const selectsAll =
    Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 && (spec.podSelector?.matchExpressions ?? []).length === 0;
  const types = spec.policyTypes ?? [];
  return (
    selectsAll &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    (spec.ingress ?? []).length === 0 &&
    (spec.egress ?? []).length === 0
  );
}

export function policyViolations(objects: readonly RenderedObject[]): Violation[] {
  const found = [...podTemplates(objects).flatMap(podViolations), ...ingressViolations(objects)];
  if (!objects.some(isDefaultDeny)) {
    found.push({ rule: 'default-deny', where: 'NetworkPolicy', detail: 'no NetworkPolicy denies all ingress and egress by default' });
  }
  return found;
}
