import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validateWorkflow } from '@action-validator/core';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The release pipeline and GitOps as files: the GitHub Actions workflows pass the workflow schema and
 * the release policy (tests first, one immutable version tag, a blocking Trivy scan, OIDC to ECR, the
 * SBOM and OpenAPI document on the release, staging bumped by pull request); the Argo CD objects sync
 * staging by themselves and production only by hand, from overlays that exist; and `npm run sbom` and
 * `npm run openapi` write what the release attaches.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const WORKFLOWS_DIR = '.github/workflows';
const STAGING_KUSTOMIZATION = 'deploy/k8s/overlays/staging/kustomization.yaml';

// Just enough of a workflow's shape for the policy checks.
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on'?: string;
  uses?: string;
  needs?: string | string[];
  permissions?: string | Record<string, string>;
  services?: Record<string, { image: string }>;
  env?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: string | Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowFiles = readdirSync(join(ROOT, WORKFLOWS_DIR))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `${WORKFLOWS_DIR}/${name}`);
const workflow = (name: string) => parse(read(`${WORKFLOWS_DIR}/${name}`)) as Workflow;
const permissionsOf = (job: Job | undefined) => (typeof job?.permissions === 'object' ? job.permissions : {});
const needsOf = (job: Job) => (job.needs === undefined ? [] : [job.needs].flat());
const stepsOf = (job: Job | undefined) => job?.steps ?? [];
const usesAction = (action: string) => (step: Step) => step.uses?.startsWith(`${action}@`) ?? false;
const runs = (command: string) => (step: Step) => step.run?.includes(command) ?? false;

function indexOfStep(steps: Step[], matches: (step: Step) => boolean, what: string): number {
  const index = steps.findIndex(matches);
  assert.ok(index >= 0, `a step ${what}`);
  return index;
}

describe('GitHub Actions workflows', () => {
  it('every workflow file passes the workflow schema (action-validator)', () => {
    assert.deepEqual(workflowFiles.sort(), [`${WORKFLOWS_DIR}/ci.yml`, `${WORKFLOWS_DIR}/release.yml`]);
    for (const file of workflowFiles) {
      assert.deepEqual(validateWorkflow(read(file)).errors, [], `${file} is a valid workflow`);
    }
  });

  it('the schema check rejects a job with a misspelt key, so it is not vacuous', () => {
    const misspelt = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: "true"\n';
    assert.notDeepEqual(validateWorkflow(misspelt).errors, []);
  });

  it('every job declares its own permissions, none grants write-all, and every workflow defaults to none', () => {
    for (const file of workflowFiles) {
      const parsed = parse(read(file)) as Workflow;
      assert.deepEqual(parsed.permissions, {}, `${file}: the workflow-level default grants nothing`);
      for (const [name, job] of Object.entries(parsed.jobs)) {
        assert.equal(typeof job.permissions, 'object', `${file}: job ${name} lists its permissions`);
        assert.ok(!JSON.stringify(job.permissions).includes('write-all'), `${file}: job ${name} does not ask for write-all`);
      }
    }
  });

  it('every action is pinned to a full commit SHA, its version in a comment', () => {
    for (const file of workflowFiles) {
      const uses = read(file)
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => line.replace(/^\s*(- )?uses:\s*/, ''));
      assert.ok(uses.length > 0, `${file} uses something`);
      for (const reference of uses.filter((r) => !r.startsWith('./'))) {
        assert.match(reference, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/, `${file}: ${reference}`);
      }
    }
  });

  it('CI runs npm ci, typecheck, lint, the OpenAPI checks and the tests on Node 22 with postgres:15 and redis:7 services', () => {
    const ci = workflow('ci.yml');
    for (const trigger of ['pull_request', 'push', 'workflow_call']) assert.ok(trigger in ci.on, `CI runs on ${trigger}`);
    const job = ci.jobs.test;
    assert.ok(job, 'CI has a test job');
    assert.equal(job.services?.postgres?.image, 'postgres:15');
    assert.equal(job.services?.redis?.image, 'redis:7');
    const steps = stepsOf(job);
    const setupNode = steps.find(usesAction('actions/setup-node'));
    assert.equal(String(setupNode?.with?.['node-version']), '22');
    const order = ['npm ci', 'npm run typecheck', 'npm run lint', 'npm run client:check', 'npm test'].map((command) =>
      indexOfStep(steps, runs(command), `running ${command}`),
    );
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'install, typecheck, lint, OpenAPI, tests, in that order',
    );
  });
});

describe('release workflow', () => {
  const release = workflow('release.yml');
  const image = release.jobs.image;
  const imageSteps = stepsOf(image);
  const pushes = imageSteps.filter((step) => usesAction('docker/build-push-action')(step) && step.with?.push === true);

  it('runs on v* tags only, after the CI suite', () => {
    assert.deepEqual(Object.keys(release.on), ['push']);
    assert.deepEqual(release.on.push, { tags: ['v*'] });
    assert.equal(release.jobs.test?.uses, './.github/workflows/ci.yml');
    for (const name of ['image', 'artefacts']) assert.ok(needsOf(release.jobs[name] ?? {}).includes('test'), `${name} needs test`);
  });

  it('pushes one image tag, the git tag, and never latest', () => {
    assert.match(release.env?.IMAGE_TAG ?? '', /^\$\{\{ github\.ref_name \}\}$/);
    assert.equal(pushes.length, 1, 'one step pushes');
    const tags = String(pushes[0]?.with?.tags)
      .split(/[,\n]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
    assert.equal(tags.length, 1, 'it pushes one tag');
    assert.match(tags[0]!, /:\$\{\{ env\.IMAGE_TAG \}\}$/);
    // Comments may say "never latest"; the workflow itself must not mention it anywhere.
    assert.doesNotMatch(JSON.stringify(release), /latest/i);
    assert.ok(!imageSteps.some(usesAction('docker/metadata-action')), 'no metadata-action, which adds latest by default');
    const guard = indexOfStep(imageSteps, runs('aws ecr describe-images'), 'refusing a version tag that exists');
    assert.ok(guard < imageSteps.indexOf(pushes[0]!), 'the existing-tag check comes before the push');
  });

  it('builds linux/amd64 and linux/arm64 with QEMU and Buildx', () => {
    assert.ok(imageSteps.some(usesAction('docker/setup-qemu-action')));
    assert.ok(imageSteps.some(usesAction('docker/setup-buildx-action')));
    assert.deepEqual(
      String(pushes[0]?.with?.platforms)
        .split(',')
        .map((p) => p.trim()),
      ['linux/amd64', 'linux/arm64'],
    );
  });

  it('scans the image with Trivy before the push, fails on HIGH and CRITICAL, and uploads the SARIF even then', () => {
    const scanIndex = indexOfStep(imageSteps, usesAction('aquasecurity/trivy-action'), 'scanning with Trivy');
    const scan = imageSteps[scanIndex]!;
    assert.ok(scanIndex < imageSteps.indexOf(pushes[0]!), 'the scan comes before the push');
    assert.equal(String(scan.with?.['exit-code']), '1', 'a finding fails the step');
    assert.deepEqual(
      new Set(
        String(scan.with?.severity)
          .split(',')
          .map((s) => s.trim()),
      ),
      new Set(['CRITICAL', 'HIGH']),
    );
    const scanned = imageSteps.slice(0, scanIndex).find((step) => usesAction('docker/build-push-action')(step) && step.with?.load === true);
    assert.ok(scanned, 'the scanned image is built and loaded before the scan');
    assert.equal(scan.with?.['image-ref'], scanned.with?.tags, 'Trivy scans the image just built');
    assert.equal(scan.with?.format, 'sarif');
    const upload = imageSteps.find(usesAction('github/codeql-action/upload-sarif'));
    assert.ok(upload, 'the SARIF is uploaded to code scanning');
    assert.equal(upload.with?.sarif_file, scan.with?.output);
    assert.match(String(upload.if), /always\(\)/, 'the upload runs when the scan has failed the job');
    assert.equal(permissionsOf(image)['security-events'], 'write');
  });

  it('reaches ECR with an OIDC role, not stored keys', () => {
    const credentials = imageSteps.find(usesAction('aws-actions/configure-aws-credentials'));
    assert.ok(credentials?.with?.['role-to-assume'], 'assumes a role');
    assert.ok(!('aws-access-key-id' in (credentials.with ?? {})), 'no access key');
    assert.doesNotMatch(read(`${WORKFLOWS_DIR}/release.yml`), /secrets\.AWS_/);
    assert.equal(permissionsOf(image)['id-token'], 'write');
    const login = indexOfStep(imageSteps, usesAction('aws-actions/amazon-ecr-login'), 'logging in to ECR');
    assert.ok(login < imageSteps.indexOf(pushes[0]!));
    assert.match(String(pushes[0]?.with?.provenance), /^mode=max$/, 'the pushed image carries its build provenance');
  });

  it('produces the SBOM and the OpenAPI document and attaches both to the release', () => {
    const artefacts = release.jobs.artefacts;
    const steps = stepsOf(artefacts);
    const sbom = indexOfStep(steps, runs('npm run sbom'), 'running npm run sbom');
    const openapi = indexOfStep(steps, runs('npm run openapi'), 'running npm run openapi');
    const upload = indexOfStep(
      steps,
      (step) => runs('gh release upload')(step) && runs('sbom.cdx.json')(step) && runs('docs/openapi.json')(step),
      'attaching sbom.cdx.json and docs/openapi.json to the release',
    );
    assert.ok(upload > sbom && upload > openapi, 'attached after they are made');
    assert.equal(permissionsOf(artefacts).contents, 'write');
    // The files the release attaches are the ones the scripts write.
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.sbom ?? '', /--output-file sbom\.cdx\.json( |$)/);
    assert.match(scripts.openapi ?? '', /--out docs\/openapi\.json( |$)/);
  });

  it('points the staging overlay at the new tag in a pull request to the GitOps branch, after the push', () => {
    const gitops = release.jobs.gitops;
    assert.ok(needsOf(gitops ?? {}).includes('image'), 'after the image is pushed');
    assert.equal(release.env?.STAGING_KUSTOMIZATION, STAGING_KUSTOMIZATION);
    const steps = stepsOf(gitops);
    indexOfStep(steps, (step) => runs('.newTag = strenv(IMAGE_TAG)')(step) && runs('$STAGING_KUSTOMIZATION')(step), 'setting newTag');
    indexOfStep(steps, runs('gh pr create --base "$GITOPS_BRANCH"'), 'opening the pull request');
    assert.deepEqual(gitops?.permissions, { contents: 'write', 'pull-requests': 'write' });
  });
});

// --- Argo CD ---------------------------------------------------------------------------------

interface ArgoObject {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    project?: string;
    source?: { repoURL: string; path: string; targetRevision: string };
    destination?: { name?: string; server?: string; namespace: string };
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
    sourceRepos?: string[];
    destinations?: { name?: string; server?: string; namespace: string }[];
    clusterResourceWhitelist?: { group: string; kind: string }[];
    namespaceResourceWhitelist?: { group: string; kind: string }[];
  };
}
interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
}

const ARGOCD_DIR = 'deploy/argocd';
const argoFiles = readdirSync(join(ROOT, ARGOCD_DIR)).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
const argoObjects = argoFiles.flatMap((name) =>
  parseAllDocuments(read(`${ARGOCD_DIR}/${name}`)).map((document) => document.toJS() as ArgoObject),
);
const application = (name: string) => {
  const found = argoObjects.find((o) => o.kind === 'Application' && o.metadata.name === name);
  assert.ok(found, `Application ${name}`);
  return found;
};
const project = () => {
  const found = argoObjects.find((o) => o.kind === 'AppProject');
  assert.ok(found, 'an AppProject');
  return found;
};
const OVERLAYS_MISSING = existsSync(join(ROOT, 'deploy/k8s/overlays'))
  ? false
  : 'deploy/k8s/overlays does not exist yet (the Kubernetes layout is being split into base and overlays)';

function renderOverlay(path: string): RenderedObject[] {
  const result = spawnSync('kubectl', ['kustomize', join(ROOT, path)], { encoding: 'utf8' });
  assert.equal(result.status, 0, `kubectl kustomize ${path} failed: ${result.error?.message ?? result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as RenderedObject);
}
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

describe('Argo CD', () => {
  const staging = application('kheti-staging');
  const production = application('kheti-production');

  it('staging syncs itself, pruning and undoing drift; production waits for a person', () => {
    assert.deepEqual(staging.spec.syncPolicy?.automated, { prune: true, selfHeal: true });
    assert.ok(production.spec.syncPolicy, 'production has a sync policy');
    assert.ok(!('automated' in (production.spec.syncPolicy ?? {})), 'production has no automated sync');
  });

  it('the kustomization lists every manifest of deploy/argocd', () => {
    const listed = (parse(read(`${ARGOCD_DIR}/kustomization.yaml`)) as { resources: string[] }).resources;
    assert.deepEqual([...listed].sort(), [...argoFiles].sort());
  });

  it('each Application deploys its overlay of this repository: staging the one the release bumps', { skip: OVERLAYS_MISSING }, () => {
    assert.equal(staging.spec.source?.path, 'deploy/k8s/overlays/staging');
    assert.equal(production.spec.source?.path, 'deploy/k8s/overlays/production');
    assert.equal(`${staging.spec.source?.path}/kustomization.yaml`, STAGING_KUSTOMIZATION);
    for (const app of [staging, production]) {
      assert.ok(existsSync(join(ROOT, app.spec.source!.path, 'kustomization.yaml')), `${app.spec.source!.path}/kustomization.yaml exists`);
    }
  });

  it('the project admits both Applications and every object their overlays render', { skip: OVERLAYS_MISSING }, () => {
    const { spec } = project();
    for (const app of [staging, production]) {
      assert.equal(app.spec.project, project().metadata.name);
      assert.ok(spec.sourceRepos?.includes(app.spec.source!.repoURL), `${app.metadata.name}'s repository is a source of the project`);
      assert.ok(
        spec.destinations?.some((d) => d.name === app.spec.destination?.name && d.namespace === app.spec.destination?.namespace),
        `${app.metadata.name}'s destination is one of the project's`,
      );
      const allowed = (list: { group: string; kind: string }[] | undefined, object: RenderedObject) =>
        list?.some((entry) => entry.group === groupOf(object.apiVersion) && entry.kind === object.kind) ?? false;
      for (const object of renderOverlay(app.spec.source!.path)) {
        const what = `${app.metadata.name}: ${object.apiVersion} ${object.kind} ${object.metadata.name}`;
        if (object.metadata.namespace) {
          assert.equal(object.metadata.namespace, app.spec.destination?.namespace, `${what} is in the destination namespace`);
          assert.ok(allowed(spec.namespaceResourceWhitelist, object), `${what} is a namespaced kind the project allows`);
        } else {
          assert.ok(allowed(spec.clusterResourceWhitelist, object), `${what} is a cluster-scoped kind the project allows`);
        }
      }
    }
  });

  it('the project syncs before the Applications that name it', () => {
    const wave = (o: ArgoObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    assert.ok(wave(project()) < wave(staging) && wave(project()) < wave(production));
  });

  // Within a sync, the PreSync hook runs and must succeed before any Deployment is applied.
  const migrationsFirst = (app: ArgoObject) => () => {
    const migrate = renderOverlay(app.spec.source!.path).find((o) => o.kind === 'Job' && o.metadata.name === 'kheti-migrate');
    assert.ok(migrate, `${app.spec.source!.path} renders the kheti-migrate Job`);
    assert.equal(migrate.metadata.annotations?.['argocd.argoproj.io/hook'], 'PreSync');
  };
  it('production runs the migrate Job as a PreSync hook, before the rollout', { skip: OVERLAYS_MISSING }, migrationsFirst(production));
  it('staging runs the migrate Job as a PreSync hook, before the rollout', { skip: OVERLAYS_MISSING }, migrationsFirst(staging));
});

// --- the artefacts ---------------------------------------------------------------------------

const execFileAsync = promisify(execFile);
// Under `npm test` npm names its own entry point; otherwise the npm on PATH.
const npm = (args: string[]) =>
  process.env.npm_execpath
    ? execFileAsync(process.execPath, [process.env.npm_execpath, ...args], { cwd: ROOT })
    : execFileAsync('npm', args, { cwd: ROOT });

describe('release artefacts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kheti-release-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run sbom writes a CycloneDX 1.6 JSON SBOM of the production dependencies at the lockfile versions', async () => {
    const output = join(dir, 'sbom.cdx.json');
    await npm(['run', '--silent', 'sbom', '--', '--output-file', output]);
    interface Component {
      name: string;
      group?: string;
      version: string;
      components?: Component[];
    }
    const bom = JSON.parse(readFileSync(output, 'utf8')) as { bomFormat: string; specVersion: string; components: Component[] };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.ok(['1.5', '1.6'].includes(bom.specVersion), `spec version ${bom.specVersion}`);
    const all: Component[] = [];
    const walk = (components: Component[] = []) => {
      for (const component of components) {
        all.push(component);
        walk(component.components);
      }
    };
    walk(bom.components);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> };
    for (const name of ['fastify', 'pg']) {
      const versions = all.filter((c) => c.name === name && !c.group).map((c) => c.version);
      assert.deepEqual(versions, [lock.packages[`node_modules/${name}`]?.version], `${name} at the lockfile's version`);
    }
    assert.ok(!all.some((c) => c.name === 'typescript'), 'dev dependencies are left out');
  });

  it('npm run openapi writes the committed docs/openapi.json', async () => {
    const output = join(dir, 'openapi.json');
    await npm(['run', '--silent', 'openapi', '--', '--out', output]);
    assert.equal(readFileSync(output, 'utf8'), read('docs/openapi.json'));
  });
});
