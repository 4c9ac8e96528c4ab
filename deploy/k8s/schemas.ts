import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { RenderedObject } from './policy.js';

/**
 * Checks a rendered object against its kind's schema. Built-in kinds go through kubernetes-models
 * (the API server's OpenAPI schemas); the operators' kinds (KEDA, Prometheus Operator, External
 * Secrets) have no bundled schema, so their required fields are checked here. A kind in neither list
 * is a problem too: a new kind must be given a check before it ships.
 */

interface Validatable {
  validate(): void;
}

// The data argument is the rendered object as parsed YAML; each model checks it against its schema.
const builtIn: Record<string, (object: RenderedObject) => Validatable> = {
  'v1/Namespace': (object) => new Namespace(object as never),
  'v1/ConfigMap': (object) => new ConfigMap(object as never),
  'v1/Service': (object) => new Service(object as never),
  'v1/ServiceAccount': (object) => new ServiceAccount(object as never),
  'apps/v1/Deployment': (object) => new Deployment(object as never),
  'batch/v1/Job': (object) => new Job(object as never),
  'networking.k8s.io/v1/NetworkPolicy': (object) => new NetworkPolicy(object as never),
  'networking.k8s.io/v1/Ingress': (object) => new Ingress(object as never),
  'policy/v1/PodDisruptionBudget': (object) => new PodDisruptionBudget(object as never),
  'autoscaling/v2/HorizontalPodAutoscaler': (object) => new HorizontalPodAutoscaler(object as never),
};

type Spec = Record<string, unknown>;
const isObject = (value: unknown): value is Spec => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;
const nonEmptyArray = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

function scaledObjectProblems(spec: Spec): string[] {
  const problems: string[] = [];
  if (!isObject(spec.scaleTargetRef) || !nonEmptyString(spec.scaleTargetRef.name)) problems.push('spec.scaleTargetRef.name is required');
  if (!nonEmptyArray(spec.triggers)) return [...problems, 'spec.triggers needs at least one trigger'];
  spec.triggers.forEach((trigger, i) => {
    if (!isObject(trigger) || !nonEmptyString(trigger.type) || !isObject(trigger.metadata))
      problems.push(`spec.triggers[${i}] needs a type and metadata`);
  });
  const min = spec.minReplicaCount ?? 0;
  const max = spec.maxReplicaCount ?? 100;
  if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) > (max as number))
    problems.push('minReplicaCount must be an integer not above maxReplicaCount');
  return problems;
}

function serviceMonitorProblems(spec: Spec): string[] {
  const problems = isObject(spec.selector) ? [] : ['spec.selector is required'];
  if (!nonEmptyArray(spec.endpoints)) return [...problems, 'spec.endpoints needs at least one endpoint'];
  spec.endpoints.forEach((endpoint, i) => {
    if (!isObject(endpoint) || !(nonEmptyString(endpoint.port) || endpoint.targetPort !== undefined))
      problems.push(`spec.endpoints[${i}] needs a port`);
  });
  return problems;
}

function prometheusRuleProblems(spec: Spec): string[] {
  if (!nonEmptyArray(spec.groups)) return ['spec.groups needs at least one group'];
  return spec.groups.flatMap((group, i) => {
    if (!isObject(group) || !nonEmptyString(group.name) || !nonEmptyArray(group.rules)) return [`spec.groups[${i}] needs a name and rules`];
    return group.rules.flatMap((rule, j) => {
      const named = isObject(rule) && nonEmptyString(rule.alert) !== nonEmptyString(rule.record);
      return named && nonEmptyString(rule.expr) ? [] : [`spec.groups[${i}].rules[${j}] needs an expr and exactly one of alert or record`];
    });
  });
}

function externalSecretProblems(spec: Spec): string[] {
  const problems: string[] = [];
  const store = spec.secretStoreRef;
  if (!isObject(store) || !nonEmptyString(store.name) || !['SecretStore', 'ClusterSecretStore'].includes(store.kind as string)) {
    problems.push('spec.secretStoreRef needs a name and kind SecretStore or ClusterSecretStore');
  }
  if (!isObject(spec.target) || !nonEmptyString(spec.target.name)) problems.push('spec.target.name is required');
  if (!nonEmptyArray(spec.data) && !nonEmptyArray(spec.dataFrom)) problems.push('spec.data or spec.dataFrom is required');
  return problems;
}

function clusterSecretStoreProblems(spec: Spec): string[] {
  return isObject(spec.provider) && Object.keys(spec.provider).length === 1 ? [] : ['spec.provider needs exactly one provider'];
}

const custom: Record<string, (spec: Spec) => string[]> = {
  'keda.sh/v1alpha1/ScaledObject': scaledObjectProblems,
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitorProblems,
  'monitoring.coreos.com/v1/PrometheusRule': prometheusRuleProblems,
  'external-secrets.io/v1/ExternalSecret': externalSecretProblems,
  'external-secrets.io/v1/ClusterSecretStore': clusterSecretStoreProblems,
};

/** What is wrong with the object against its kind's schema; empty when it is valid. */
export function schemaProblems(object: RenderedObject): string[] {
  const type = `${object.apiVersion}/${object.kind}`;
  const model = builtIn[type];
  if (model) {
    try {
      model(object).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const check = custom[type];
  if (!check) return [`${type} has no schema check`];
  if (!nonEmptyString(object.metadata?.name)) return ['metadata.name is required'];
  return isObject(object.spec) ? check(object.spec) : ['spec is required'];
}
