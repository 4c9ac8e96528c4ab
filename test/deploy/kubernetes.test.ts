import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { policyViolations, type PolicyRule, type RenderedObject } from '../../deploy/k8s/policy.js';
import { schemaProblems } from '../../deploy/k8s/schemas.js';

/**
 * deploy/k8s renders with kubectl's kustomize into objects that pass their schemas and Kheti's pod
 * policy (non-root, read-only, bounded, probed, pinned, API off spot nodes, workers on them, default-deny
 * networking); the overlays differ where environments differ; the monitoring, autoscaling and network
 * objects point at ports and names that exist; and the PrometheusRule is the rules files' current output.
 */

const K8S_DIR = fileURLToPath(new URL('../../deploy/k8s/', import.meta.url));
const TARGETS = ['base', 'overlays/staging', 'overlays/production'] as const;

function render(dir: string): RenderedObject[] {
  const result = spawnSync('kubectl', ['kustomize', K8S_DIR + dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, `kubectl kustomize ${dir} failed: ${result.error?.message ?? result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as RenderedObject);
}

const rendered = new Map<string, RenderedObject[]>();
const objectsOf = (dir: string) => {
  const cached = rendered.get(dir) ?? render(dir);
  rendered.set(dir, cached);
  // A fresh copy each time: the tests that break a rule on purpose change it.
  return structuredClone(cached);
};

const find = (objects: RenderedObject[], kind: string, name: string) => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(object, `${kind}/${name} is rendered`);
  return object;
};

// Just enough of the rendered shapes for the cross-checks below.
interface Port {
  name?: string;
  port?: number | string;
  containerPort?: number;
  targetPort?: number | string;
  protocol?: string;
}
interface Container {
  name: string;
  image?: string;
  ports?: Port[];
  env?: { name: string; value?: string }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName?: string;
  containers: Container[];
  initContainers?: Container[];
  tolerations?: Record<string, string>[];
  securityContext?: Record<string, unknown>;
  affinity?: unknown;
  topologySpreadConstraints?: { topologyKey: string }[];
}
const podSpec = (object: RenderedObject) => (object.spec as { template: { spec: PodSpec } }).template.spec;
const container = (object: RenderedObject, name: string) => {
  const found = podSpec(object).containers.find((c) => c.name === name);
  assert.ok(found, `${object.metadata.name} has a container ${name}`);
  return found;
};
/** The object's spec, read as the shape a check expects. */
const specOf = <Spec>(object: RenderedObject) => object.spec as Spec;

describe('Kubernetes manifests (deploy/k8s): render, schemas and policy', () => {
  for (const target of TARGETS) {
    it(`${target}: every object passes its kind's schema`, () => {
      const problems = objectsOf(target).flatMap((object) =>
        schemaProblems(object).map((p) => `${object.kind}/${object.metadata.name}: ${p}`),
      );
      assert.deepEqual(problems, []);
    });

    it(`${target}: every pod template keeps the policy and a default-deny NetworkPolicy exists`, () => {
      assert.deepEqual(policyViolations(objectsOf(target)), []);
    });

    it(`${target}: the namespaced objects are in kheti, and kheti-secrets comes from the ExternalSecret`, () => {
      const objects = objectsOf(target);
      for (const object of objects.filter((o) => !['Namespace', 'ClusterSecretStore'].includes(o.kind))) {
        assert.equal(object.metadata.namespace, 'kheti', `${object.kind}/${object.metadata.name}`);
      }
      assert.equal(
        objects.some((o) => o.kind === 'Secret'),
        false,
        'no Secret with placeholders is applied',
      );
      const target_ = specOf<{ target: { name: string } }>(find(objects, 'ExternalSecret', 'kheti-secrets')).target;
      assert.equal(target_.name, 'kheti-secrets');
    });
  }

  it('the overlays add the cluster-scoped ClusterSecretStore, with no namespace', () => {
    for (const target of ['overlays/staging', 'overlays/production'] as const) {
      const store = find(objectsOf(target), 'ClusterSecretStore', 'kheti-aws-secrets-manager');
      assert.equal(store.metadata.namespace, undefined, target);
      const ref = specOf<{ secretStoreRef: { name: string } }>(find(objectsOf(target), 'ExternalSecret', 'kheti-secrets')).secretStoreRef;
      assert.equal(ref.name, store.metadata.name);
    }
  });
});

describe('Kubernetes manifests: the pods, their ports and what points at them', () => {
  const objects = objectsOf('base');
  const api = find(objects, 'Deployment', 'kheti-api');
  const worker = find(objects, 'Deployment', 'kheti-worker');

  it('the worker serves METRICS_PORT, probes /livez there, and its Service, ServiceMonitor and NetworkPolicy use that port', () => {
    const main = container(worker, 'worker');
    const metricsPort = Number(main.env?.find((e) => e.name === 'METRICS_PORT')?.value);
    assert.ok(metricsPort > 0, 'METRICS_PORT is set');
    assert.deepEqual(
      main.ports?.find((p) => p.name === 'metrics'),
      { name: 'metrics', containerPort: metricsPort },
    );
    assert.deepEqual(main.livenessProbe?.httpGet, { path: '/livez', port: 'metrics' });
    const service = find(objects, 'Service', 'kheti-worker');
    assert.equal(specOf<{ ports: Port[] }>(service).ports[0]?.targetPort, 'metrics');
    const workerIngress = specOf<{ ingress: { ports: Port[] }[] }>(find(objects, 'NetworkPolicy', 'kheti-worker-ingress'));
    assert.deepEqual(
      workerIngress.ingress.flatMap((rule) => rule.ports.map((p) => p.port)),
      [metricsPort],
    );
  });

  it('each ServiceMonitor selects a Service that has the port it scrapes, so job is kheti-api or kheti-worker', () => {
    const services = objects.filter((o) => o.kind === 'Service');
    for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor')) {
      const spec = specOf<{ selector: { matchLabels: Record<string, string> }; endpoints: { port: string }[] }>(monitor);
      const selected = services.filter((s) => Object.entries(spec.selector.matchLabels).every(([k, v]) => s.metadata.labels?.[k] === v));
      assert.deepEqual(
        selected.map((s) => s.metadata.name),
        [monitor.metadata.name],
      );
      const ports = specOf<{ ports: Port[] }>(selected[0] as RenderedObject).ports.map((p) => p.name);
      for (const endpoint of spec.endpoints) assert.ok(ports.includes(endpoint.port), `${monitor.metadata.name} scrapes ${endpoint.port}`);
    }
  });

  it('KEDA scales the worker Deployment and the HPA the API Deployment, each with a floor below its ceiling', () => {
    const scaled = specOf<{
      scaleTargetRef: { name: string };
      minReplicaCount: number;
      maxReplicaCount: number;
      triggers: { type: string; metadata: { query: string } }[];
    }>(find(objects, 'ScaledObject', 'kheti-worker'));
    assert.equal(scaled.scaleTargetRef.name, worker.metadata.name);
    assert.ok(scaled.minReplicaCount >= 1 && scaled.minReplicaCount < scaled.maxReplicaCount);
    assert.equal(scaled.triggers[0]?.type, 'prometheus');
    assert.match(scaled.triggers[0]?.metadata.query ?? '', /kheti_queue_jobs\{state="waiting"\}/);
    const hpa = specOf<{
      scaleTargetRef: { name: string };
      metrics: { resource: { name: string } }[];
    }>(find(objects, 'HorizontalPodAutoscaler', 'kheti-api'));
    assert.equal(hpa.scaleTargetRef.name, api.metadata.name);
    assert.equal(hpa.metrics[0]?.resource.name, 'cpu');
  });

  it('API and workers spread across zones, have disruption budgets and run as their IRSA ServiceAccounts', () => {
    for (const deployment of [api, worker]) {
      const spec = podSpec(deployment);
      assert.ok(
        spec.topologySpreadConstraints?.some((c) => c.topologyKey === 'topology.kubernetes.io/zone'),
        deployment.metadata.name,
      );
      find(objects, 'PodDisruptionBudget', deployment.metadata.name);
      const account = find(objects, 'ServiceAccount', spec.serviceAccountName ?? 'default');
      assert.match(account.metadata.annotations?.['eks.amazonaws.com/role-arn'] ?? '', /^arn:aws:iam::\d{12}:role\//);
    }
    assert.match(
      JSON.stringify(podSpec(worker).affinity),
      /"key":"kheti.io\/pool","operator":"In","values":\["workers"\]/,
      'workers keep to the kheti.io/pool=workers nodes',
    );
  });

  it('network policy: API ingress on 8080 only; egress to DNS, PostgreSQL, Redis, and 443 outside but never the metadata service', () => {
    const apiIngress = specOf<{ ingress: { ports: Port[] }[] }>(find(objects, 'NetworkPolicy', 'kheti-api-ingress'));
    assert.deepEqual([...new Set(apiIngress.ingress.flatMap((rule) => rule.ports.map((p) => p.port)))], [8080]);
    const egress = specOf<{
      egress: { to: { ipBlock?: { cidr: string; except?: string[] } }[]; ports: Port[] }[];
    }>(find(objects, 'NetworkPolicy', 'kheti-app-egress'));
    const allowed = egress.egress.flatMap((rule) => rule.ports.map((p) => `${p.port}/${p.protocol}`)).sort();
    assert.deepEqual(allowed, ['443/TCP', '53/TCP', '53/UDP', '5432/TCP', '6379/TCP']);
    const https = egress.egress.find((rule) => rule.ports.some((p) => p.port === 443));
    assert.equal(https?.to[0]?.ipBlock?.cidr, '0.0.0.0/0');
    assert.ok(https?.to[0]?.ipBlock?.except?.includes('169.254.169.254/32'));
  });

  it('the Ingress is an ALB on HTTPS alone, with ip targets, sticky targets and no public /metrics', () => {
    const ingress = find(objects, 'Ingress', 'kheti-api');
    const annotations = ingress.metadata.annotations ?? {};
    const spec = specOf<{
      ingressClassName: string;
      tls: { hosts: string[] }[];
      rules: { host: string; http: { paths: { path: string }[] } }[];
    }>(ingress);
    assert.equal(spec.ingressClassName, 'alb');
    assert.equal(annotations['alb.ingress.kubernetes.io/target-type'], 'ip');
    // CloudFront reaches the origin over HTTPS only, and Terraform's security group admits nothing else.
    assert.deepEqual(JSON.parse(annotations['alb.ingress.kubernetes.io/listen-ports'] ?? '[]'), [{ HTTPS: 443 }]);
    assert.equal(annotations['alb.ingress.kubernetes.io/manage-backend-security-group-rules'], 'false');
    assert.match(annotations['alb.ingress.kubernetes.io/target-group-attributes'] ?? '', /stickiness\.enabled=true/);
    assert.deepEqual(spec.tls[0]?.hosts, [spec.rules[0]?.host]);
    assert.equal(spec.rules[0]?.http.paths[0]?.path, '/metrics');
  });

  it('the namespace has the controller inject readiness gates, so a rollout waits for healthy targets', () => {
    const namespace = find(objects, 'Namespace', 'kheti');
    assert.equal(namespace.metadata.labels?.['elbv2.k8s.aws/pod-readiness-gate-inject'], 'enabled');
  });
});

describe('Kubernetes overlays: what differs between staging and production', () => {
  const staging = objectsOf('overlays/staging');
  const production = objectsOf('overlays/production');
  const images = (objects: RenderedObject[]) =>
    new Set(
      objects
        .filter((o) => ['Deployment', 'Job'].includes(o.kind))
        .flatMap((o) => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers].map((c) => c.image)),
    );
  const replicas = (objects: RenderedObject[], name: string) => specOf<{ replicas: number }>(find(objects, 'Deployment', name)).replicas;
  const roleArns = (objects: RenderedObject[]) =>
    objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.annotations?.['eks.amazonaws.com/role-arn']);
  const host = (objects: RenderedObject[]) => specOf<{ rules: { host: string }[] }>(find(objects, 'Ingress', 'kheti-api')).rules[0]?.host;

  // The release workflow rewrites the staging tag, so the tags are checked for form, not value.
  it('each runs one image, from its own account registry, tagged with a release version', () => {
    for (const [objects, account] of [
      [staging, '111111111111'],
      [production, '222222222222'],
    ] as const) {
      const [image, ...others] = images(objects);
      assert.deepEqual(others, []);
      assert.match(
        image ?? '',
        new RegExp(`^${account}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/kheti:\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?$`),
      );
    }
  });

  it('production runs more replicas, with larger resources, than staging', () => {
    for (const name of ['kheti-api', 'kheti-worker']) assert.ok(replicas(production, name) > replicas(staging, name), name);
    const limit = (objects: RenderedObject[]) =>
      (container(find(objects, 'Deployment', 'kheti-api'), 'api').resources as { limits: { memory: string } }).limits.memory;
    assert.notEqual(limit(production), limit(staging));
  });

  it('each has its own host, PUBLIC_URL, IRSA roles and Secrets Manager secret', () => {
    assert.notEqual(host(staging), host(production));
    for (const objects of [staging, production]) {
      const { data } = find(objects, 'ConfigMap', 'kheti-config') as RenderedObject & { data: Record<string, string> };
      // The Ingress answers the origin name CloudFront sends as Host; PUBLIC_URL is the public name.
      assert.equal(`https://${host(objects)}`, data.PUBLIC_URL?.replace('https://', 'https://api-origin.'));
    }
    const stagingArns = roleArns(staging);
    assert.equal(new Set([...stagingArns, ...roleArns(production), ...roleArns(objectsOf('base'))]).size, stagingArns.length * 3);
    const secretKeys = (objects: RenderedObject[]) =>
      specOf<{ dataFrom: { extract: { key: string } }[] }>(find(objects, 'ExternalSecret', 'kheti-secrets')).dataFrom.map(
        (d) => d.extract.key,
      );
    assert.deepEqual(secretKeys(staging), ['kheti/staging/connections', 'kheti/staging/app']);
    assert.deepEqual(secretKeys(production), ['kheti/production/connections', 'kheti/production/app']);
  });

  it('each network policy names its own VPC: reached for PostgreSQL and Redis, excluded from outside HTTPS, the ALB range within it', () => {
    const vpcOf = (objects: RenderedObject[]) => {
      type Egress = { egress: { to: { ipBlock?: { cidr: string; except?: string[] } }[]; ports: Port[] }[] };
      const rules = specOf<Egress>(find(objects, 'NetworkPolicy', 'kheti-app-egress')).egress;
      const database = rules.find((rule) => rule.ports.some((p) => p.port === 5432))?.to[0]?.ipBlock?.cidr;
      const https = rules.find((rule) => rule.ports.some((p) => p.port === 443))?.to[0]?.ipBlock?.except ?? [];
      const migrate = specOf<Egress>(find(objects, 'NetworkPolicy', 'kheti-migrate-egress')).egress[1]?.to[0]?.ipBlock?.cidr;
      const alb = specOf<{ ingress: { from: { ipBlock?: { cidr: string } }[] }[] }>(
        find(objects, 'NetworkPolicy', 'kheti-api-ingress'),
      ).ingress[0]?.from.find((peer) => peer.ipBlock)?.ipBlock?.cidr;
      assert.ok(database && https.includes(database), `${database} is excluded from outside HTTPS`);
      assert.equal(migrate, database);
      const [network, bits] = (database ?? '').split('/');
      const prefix =
        network
          ?.split('.')
          .slice(0, Number(bits) / 8)
          .join('.') ?? '';
      assert.ok(alb?.startsWith(`${prefix}.`), `the ALB range ${alb} is inside ${database}`);
      return database;
    };
    assert.deepEqual([vpcOf(staging), vpcOf(production)], ['10.30.0.0/16', '10.20.0.0/16']);
  });

  it("each Ingress names its own account's web ACL (Terraform's kheti-<env>-alb), certificate and security group", () => {
    const annotation = (objects: RenderedObject[], name: string) =>
      find(objects, 'Ingress', 'kheti-api').metadata.annotations?.[`alb.ingress.kubernetes.io/${name}`] ?? '';
    for (const [objects, environment, account] of [
      [staging, 'staging', '111111111111'],
      [production, 'production', '222222222222'],
    ] as const) {
      assert.match(
        annotation(objects, 'wafv2-acl-arn'),
        new RegExp(`^arn:aws:wafv2:[a-z0-9-]+:${account}:regional/webacl/kheti-${environment}-alb/`),
      );
      assert.match(annotation(objects, 'certificate-arn'), new RegExp(`^arn:aws:acm:[a-z0-9-]+:${account}:certificate/`));
    }
    const base = objectsOf('base');
    for (const name of ['wafv2-acl-arn', 'certificate-arn', 'security-groups']) {
      const values = [annotation(base, name), annotation(staging, name), annotation(production, name)];
      assert.equal(new Set(values).size, 3, `${name} is replaced in each overlay: ${values.join(', ')}`);
    }
  });

  it('both run the migrate Job as an Argo CD PreSync hook that replaces the previous one', () => {
    for (const objects of [staging, production]) {
      const annotations = find(objects, 'Job', 'kheti-migrate').metadata.annotations;
      assert.equal(annotations?.['argocd.argoproj.io/hook'], 'PreSync');
      assert.equal(annotations?.['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation');
    }
    assert.equal(find(objectsOf('base'), 'Job', 'kheti-migrate').metadata.annotations, undefined, 'the base applies without Argo CD');
  });
});

describe('Kubernetes PrometheusRule: generated from deploy/prometheus/rules', () => {
  it('spec.groups equals the groups of deploy/prometheus/rules/*.yml, in file order', () => {
    const rulesDir = fileURLToPath(new URL('../../deploy/prometheus/rules/', import.meta.url));
    const groups = readdirSync(rulesDir)
      .filter((name) => name.endsWith('.yml'))
      .sort()
      .flatMap((name) => (parse(readFileSync(rulesDir + name, 'utf8')) as { groups: unknown[] }).groups);
    const committed = parse(readFileSync(`${K8S_DIR}base/prometheus-rule.yaml`, 'utf8')) as { spec: { groups: unknown[] } };
    assert.deepEqual(committed.spec.groups, groups);
    assert.deepEqual(specOf<{ groups: unknown[] }>(find(objectsOf('base'), 'PrometheusRule', 'kheti')).groups, groups);
  });

  it('the committed file is byte for byte what prometheus-rule.mjs writes', () => {
    const result = spawnSync(process.execPath, [`${K8S_DIR}prometheus-rule.mjs`, '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('Kubernetes policy and schema checks catch what they are about', () => {
  const broken = (change: (objects: RenderedObject[]) => void) => {
    const objects = objectsOf('overlays/production');
    change(objects);
    return [...new Set(policyViolations(objects).map((v) => v.rule))];
  };
  const cases: [string, PolicyRule, (objects: RenderedObject[]) => void][] = [
    [
      'a spot toleration on the API',
      'api-off-spot',
      (o) => (podSpec(find(o, 'Deployment', 'kheti-api')).tolerations = [{ key: 'kheti.io/spot', operator: 'Exists' }]),
    ],
    [
      'a tolerate-everything toleration on the API',
      'api-off-spot',
      (o) => (podSpec(find(o, 'Deployment', 'kheti-api')).tolerations = [{ operator: 'Exists' }]),
    ],
    ['workers without the spot toleration', 'worker-on-spot', (o) => (podSpec(find(o, 'Deployment', 'kheti-worker')).tolerations = [])],
    ['a worker without resources', 'resources', (o) => delete container(find(o, 'Deployment', 'kheti-worker'), 'worker').resources],
    [
      'the latest tag',
      'pinned-image',
      (o) => (container(find(o, 'Deployment', 'kheti-api'), 'api').image = 'registry.example.com/kheti:latest'),
    ],
    [
      'an untagged image',
      'pinned-image',
      (o) => (container(find(o, 'Deployment', 'kheti-worker'), 'worker').image = 'registry.example.com:5000/kheti'),
    ],
    [
      'runAsNonRoot false on the API pod',
      'run-as-non-root',
      (o) => (podSpec(find(o, 'Deployment', 'kheti-api')).securityContext = { runAsNonRoot: false }),
    ],
    [
      'a writable root filesystem',
      'read-only-root-filesystem',
      (o) => (container(find(o, 'Job', 'kheti-migrate'), 'migrate').securityContext = { allowPrivilegeEscalation: false }),
    ],
    [
      'privilege escalation allowed',
      'no-privilege-escalation',
      (o) => (container(find(o, 'Deployment', 'kheti-api'), 'api').securityContext = { readOnlyRootFilesystem: true }),
    ],
    [
      'an API without a readiness probe',
      'api-probes',
      (o) => delete (container(find(o, 'Deployment', 'kheti-api'), 'api') as { readinessProbe?: unknown }).readinessProbe,
    ],
    [
      'a worker without a liveness probe',
      'worker-liveness',
      (o) => delete container(find(o, 'Deployment', 'kheti-worker'), 'worker').livenessProbe,
    ],
    ['no default-deny NetworkPolicy', 'default-deny', (o) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'default-deny')), 1)],
    [
      'an Ingress without its web ACL',
      'ingress-waf',
      (o) => delete find(o, 'Ingress', 'kheti-api').metadata.annotations?.['alb.ingress.kubernetes.io/wafv2-acl-arn'],
    ],
    [
      'an Ingress with a CLOUDFRONT web ACL',
      'ingress-waf',
      (o) => {
        const annotations = find(o, 'Ingress', 'kheti-api').metadata.annotations ?? {};
        annotations['alb.ingress.kubernetes.io/wafv2-acl-arn'] =
          'arn:aws:wafv2:us-east-1:222222222222:global/webacl/kheti-production-cloudfront/x';
      },
    ],
    [
      'an Ingress without its certificate',
      'ingress-certificate',
      (o) => delete find(o, 'Ingress', 'kheti-api').metadata.annotations?.['alb.ingress.kubernetes.io/certificate-arn'],
    ],
    [
      'an Ingress leaving the controller to make an open security group',
      'ingress-security-group',
      (o) => delete find(o, 'Ingress', 'kheti-api').metadata.annotations?.['alb.ingress.kubernetes.io/security-groups'],
    ],
  ];
  for (const [what, rule, change] of cases) {
    it(`${what} is the violation ${rule}`, () => assert.deepEqual(broken(change), [rule]));
  }

  it('a Deployment off its schema, a ScaledObject without triggers and an unknown kind are schema problems', () => {
    const objects = objectsOf('base');
    const api = find(objects, 'Deployment', 'kheti-api');
    (api.spec as { replicas: unknown }).replicas = 'two';
    assert.match(schemaProblems(api).join(), /replicas must be integer/);
    const scaled = find(objects, 'ScaledObject', 'kheti-worker');
    (scaled.spec as { triggers: unknown[] }).triggers = [];
    assert.deepEqual(schemaProblems(scaled), ['spec.triggers needs at least one trigger']);
    assert.deepEqual(schemaProblems({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' } }), [
      'apps/v1/StatefulSet has no schema check',
    ]);
  });
});
