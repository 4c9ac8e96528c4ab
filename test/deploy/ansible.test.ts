import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * deploy/ansible runs Kheti on plain VMs. Ansible itself accepts the playbook (syntax check) and
 * ansible-lint's production profile passes, offline and without writing into the repository; the
 * templates render for the example inventory into what nginx -t and systemd-analyze accept; the
 * units keep their sandbox and the rolling restart; nginx keeps deploy/nginx/kheti.conf's safe
 * retries, and HSTS.
 */

const ANSIBLE_DIR = fileURLToPath(new URL('../../deploy/ansible/', import.meta.url));
const ENV_EXAMPLE = fileURLToPath(new URL('../../.env.example', import.meta.url));
const NGINX_REFERENCE = fileURLToPath(new URL('../../deploy/nginx/kheti.conf', import.meta.url));
const INVENTORY = 'inventories/example/hosts.yml';

const MISSING = (tool: string) =>
  `${tool} is not installed: install Debian's \`ansible\` and \`ansible-lint\` packages (apt-get install ansible ansible-lint), as .ci/run does`;

interface Run {
  code: number;
  output: string;
}

/** Runs a tool; resolves with its exit code and output instead of throwing, or with undefined when it is not installed. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (failure?.code === 'ENOENT') return resolve(undefined);
      resolve({ code: failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Ansible's tools, with their home, temporary files and caches in a directory of their own, never in the repository. */
async function ansible(home: string, tool: 'ansible-playbook' | 'ansible-lint', args: string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_HOME: join(home, 'ansible'),
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
  };
  const result = await run(tool, args, { cwd: ANSIBLE_DIR, env });
  if (!result) throw new Error(MISSING(tool));
  return result;
}

/** Every file under a directory with its size and modification time, to see that a tool wrote nothing there. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => {
      const stat = statSync(join(dir, path));
      return `${path} ${stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`}`;
    })
    .sort();
}

/** The value of a `Key=value` line of a systemd unit (the last, as systemd reads it), or undefined. */
const directive = (unit: string, key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].at(-1)?.[1];

const HARDENING: [string, RegExp][] = [
  ['NoNewPrivileges', /^yes$/],
  ['ProtectSystem', /^strict$/],
  ['ProtectHome', /^yes$/],
  ['PrivateTmp', /^yes$/],
  ['CapabilityBoundingSet', /^$/],
  ['RestrictAddressFamilies', /^AF_UNIX AF_INET AF_INET6$/],
  ['SystemCallFilter', /^@system-service$/],
  ['MemoryMax', /^\d+[KMG]$/],
];

describe('Ansible playbook (deploy/ansible)', () => {
  const home = mkdtempSync(join(tmpdir(), 'kheti-ansible-'));
  const rendered = join(home, 'rendered');
  const renderedFile = (name: string) => readFileSync(join(rendered, name), 'utf8');
  let render: Run | undefined;

  before(async () => {
    mkdirSync(rendered);
    render = await ansible(home, 'ansible-playbook', ['-i', INVENTORY, 'tests/render.yml', '-e', `render_dir=${rendered}`]);
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('ansible-playbook --syntax-check accepts site.yml with the example inventory', async () => {
    const { code, output } = await ansible(home, 'ansible-playbook', ['--syntax-check', '-i', INVENTORY, 'site.yml']);
    assert.equal(code, 0, `syntax check failed:\n${output}`);
    assert.match(output, /playbook: site\.yml/);
  });

  it('ansible-lint passes with the production profile, offline, writing nothing into the repository', async () => {
    const before = snapshot(ANSIBLE_DIR);
    const { code, output } = await ansible(home, 'ansible-lint', ['--offline', '--nocolor']);
    assert.equal(code, 0, `ansible-lint failed:\n${output}`);
    assert.match(output, /Passed with production profile/, output);
    assert.deepEqual(snapshot(ANSIBLE_DIR), before, 'ansible-lint left files in deploy/ansible');
  });

  it('every template renders for the example inventory', () => {
    assert.ok(render, 'the render ran');
    assert.equal(render.code, 0, `tests/render.yml failed:\n${render.output}`);
    assert.equal(readdirSync(rendered).length, 10, readdirSync(rendered).join(', '));
  });

  describe('systemd units', () => {
    const units = ['kheti-api@.service', 'kheti-worker@.service', 'kheti-migrate.service'];

    for (const name of units) {
      it(`${name} runs as the kheti user in the sandbox, writing only DATA_DIR`, () => {
        const unit = renderedFile(name);
        for (const [key, value] of HARDENING) assert.match(directive(unit, key) ?? '(missing)', value, `${name}: ${key}`);
        const dataDir = /^DATA_DIR="(.+)"$/m.exec(renderedFile('kheti.env'))?.[1];
        assert.ok(dataDir, 'kheti.env sets DATA_DIR');
        assert.equal(directive(unit, 'ReadWritePaths'), dataDir);
        assert.equal(directive(unit, 'User'), 'kheti');
        assert.equal(
          directive(unit, 'EnvironmentFile'),
          name === 'kheti-migrate.service' ? '/etc/kheti/kheti-migrate.env' : '/etc/kheti/kheti.env',
        );
      });
    }

    it('the API reloads with SIGHUP (the rolling restart) and stops with SIGTERM, given longer than SHUTDOWN_TIMEOUT_MS', () => {
      const unit = renderedFile('kheti-api@.service');
      assert.equal(directive(unit, 'ExecReload'), '/bin/kill -HUP $MAINPID');
      assert.equal(directive(unit, 'KillSignal'), 'SIGTERM');
      assert.match(directive(unit, 'ExecStart') ?? '', /\/opt\/kheti\/current\/bin\/kheti\.js serve$/);
      assert.match(unit, /^Environment=PORT=%i$/m);
      assert.match(unit, /^Environment=WEB_CONCURRENCY=\d+$/m);
      const shutdownMs = Number(/^SHUTDOWN_TIMEOUT_MS="(\d+)"$/m.exec(renderedFile('kheti.env'))?.[1]);
      assert.ok(shutdownMs > 0, 'kheti.env sets SHUTDOWN_TIMEOUT_MS');
      assert.ok(Number(directive(unit, 'TimeoutStopSec')) * 1000 > shutdownMs, `TimeoutStopSec against ${shutdownMs} ms`);
      assert.match(directive(unit, 'After') ?? '', /kheti-migrate\.service/);
    });

    it('a worker serves its metrics on the instance port; migrations go straight to the primary', () => {
      const worker = renderedFile('kheti-worker@.service');
      assert.match(worker, /^Environment=METRICS_PORT=%i$/m);
      assert.match(directive(worker, 'ExecStart') ?? '', /kheti\.js worker$/);
      const migrate = renderedFile('kheti-migrate.service');
      assert.equal(directive(migrate, 'Type'), 'oneshot');
      assert.match(directive(migrate, 'ExecStart') ?? '', /kheti\.js migrate$/);
      const pooled = /^DATABASE_URL="(.+)"$/m.exec(renderedFile('kheti.env'))?.[1];
      const direct = /^DATABASE_URL="(.+)"$/m.exec(renderedFile('kheti-migrate.env'))?.[1];
      assert.equal(new URL(pooled ?? '').port, '6432', 'the processes go through PgBouncer');
      assert.equal(new URL(direct ?? '').port, '5432', 'migrations reach the primary itself');
    });

    it('a new release reloads the API instances rather than restarting them, after the migrations', () => {
      const handlers = parse(readFileSync(join(ANSIBLE_DIR, 'roles/kheti/handlers/main.yml'), 'utf8')) as Record<string, unknown>[];
      const onRelease = handlers.filter((handler) => [handler.listen].flat().includes('kheti release changed'));
      const api = onRelease.filter((handler) => JSON.stringify(handler).includes('kheti-api@'));
      assert.equal(api.length, 1, 'one handler acts on the API instances for a new release');
      const systemd = api[0]?.['ansible.builtin.systemd'] as { state?: string } | undefined;
      assert.equal(systemd?.state, 'reloaded');
      const migrateAt = onRelease.findIndex((handler) => JSON.stringify(handler).includes('kheti-migrate.service'));
      assert.ok(migrateAt >= 0 && migrateAt < onRelease.indexOf(api[0] as Record<string, unknown>), 'migrations run before the reload');
    });

    it('systemd-analyze verify accepts the units with no unknown directive', async (t) => {
      const dir = join(home, 'units');
      mkdirSync(dir, { recursive: true });
      // Instances as systemd would load them, with a Node.js that exists on this machine.
      const instances = {
        'kheti-api@8080.service': 'kheti-api@.service',
        'kheti-worker@9464.service': 'kheti-worker@.service',
        'kheti-migrate.service': 'kheti-migrate.service',
      };
      for (const [instance, template] of Object.entries(instances)) {
        writeFileSync(join(dir, instance), renderedFile(template).replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
      }
      const result = await run('systemd-analyze', ['verify', ...Object.keys(instances).map((name) => join(dir, name))]);
      if (!result) return t.skip('systemd-analyze is not installed');
      const complaints = result.output.split('\n').filter((line) => /Unknown|ignoring|Invalid|Failed to parse/i.test(line));
      assert.equal(result.code, 0, result.output);
      assert.deepEqual(complaints, []);
    });
  });

  describe('nginx', () => {
    const template = readFileSync(join(ANSIBLE_DIR, 'roles/nginx/templates/kheti.conf.j2'), 'utf8');

    it('retries on another instance exactly as deploy/nginx/kheti.conf does, keeps HSTS from the edge and the redirect to HTTPS', () => {
      const retries = (conf: string) => [...conf.matchAll(/^\s*(proxy_next_upstream\b.*)$/gm)].map((match) => match[1]);
      const reference = readFileSync(NGINX_REFERENCE, 'utf8');
      assert.deepEqual(retries(template), retries(reference), 'the retry directives of deploy/nginx/kheti.conf');
      for (const conf of [template, renderedFile('kheti.conf')]) {
        // Connection failures and 502s only: never a request nginx has sent that is not idempotent.
        assert.match(conf, /^\s*proxy_next_upstream error timeout http_502[^;]*;$/m);
        assert.doesNotMatch(conf, /^\s*proxy_next_upstream [^;]*non_idempotent/m);
        assert.match(conf, /^\s*add_header Strict-Transport-Security "max-age=[^;"]+; includeSubDomains" always;$/m);
        assert.match(conf, /^\s*proxy_hide_header Strict-Transport-Security;$/m);
        assert.match(conf, /^\s*return 301 https:\/\/\$host\$request_uri;$/m);
      }
      assert.match(renderedFile('kheti.conf'), /"max-age=31536000; includeSubDomains"/);
    });

    it('has one upstream server per API instance of the inventory, in both upstreams', () => {
      const conf = renderedFile('kheti.conf');
      const expected = ['192.0.2.21:8080', '192.0.2.21:8081', '192.0.2.22:8080', '192.0.2.22:8081'];
      for (const upstream of ['kheti_api', 'kheti_ws']) {
        const block = new RegExp(`upstream ${upstream} \\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
        const servers = [...block.matchAll(/^\s*server (\S+) /gm)].map((match) => match[1]);
        assert.deepEqual(servers, expected, upstream);
      }
    });

    it('nginx -t accepts the rendered configuration', async (t) => {
      const dir = join(home, 'nginx');
      mkdirSync(join(dir, 'tmp'), { recursive: true });
      // Stand-ins for the edge's certificate and log directory, so only the configuration is tested.
      const keygen = await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=kheti.example.org',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]);
      if (!keygen) return t.skip('openssl is not installed');
      assert.equal(keygen.code, 0, keygen.output);
      const conf = renderedFile('kheti.conf')
        .replace('/etc/ssl/kheti/fullchain.pem', join(dir, 'cert.pem'))
        .replace('/etc/ssl/kheti/privkey.pem', join(dir, 'key.pem'))
        .replace('/var/log/nginx/kheti.access.log', join(dir, 'access.log'));
      writeFileSync(join(dir, 'kheti.conf'), conf);
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${join(dir, 'tmp', kind)};`)
        .join(' ');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${join(dir, 'nginx.pid')};\nevents {}\nhttp { ${temp} include ${join(dir, 'kheti.conf')}; }\n`,
      );
      const result = await run('nginx', ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]);
      if (!result) return t.skip('nginx is not installed');
      assert.equal(result.code, 0, result.output);
    });
  });

  it("logrotate accepts the rotation of nginx's logs, which covers the JSON access log", async (t) => {
    const conf = renderedFile('nginx.logrotate');
    const accessLog = /^\s*access_log (\S+) kheti_json;$/m.exec(renderedFile('kheti.conf'))?.[1] ?? '';
    const pattern = /^(\/\S+) \{$/m.exec(conf)?.[1] ?? '';
    assert.ok(accessLog.startsWith(pattern.replace('*.log', '')) && accessLog.endsWith('.log'), `${pattern} covers ${accessLog}`);
    // --debug reads and checks the configuration and rotates nothing.
    const result = await run('logrotate', ['--debug', '--state', join(home, 'logrotate.state'), join(rendered, 'nginx.logrotate')]);
    if (!result) return t.skip('logrotate is not installed');
    assert.equal(result.code, 0, result.output);
    assert.doesNotMatch(result.output, /^error:/m);
  });

  it('the environment file names only variables of .env.example, quoted for systemd, secrets from the vault', () => {
    const documented = new Set([...readFileSync(ENV_EXAMPLE, 'utf8').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const lines = renderedFile('kheti.env')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    assert.ok(lines.length > 20, `only ${lines.length} variables`);
    for (const line of lines) {
      const [, name, value] = /^([A-Z0-9_]+)="(.*)"$/.exec(line) ?? [];
      assert.ok(name && documented.has(name), `${line.split('=')[0]} is a variable of .env.example`);
      assert.doesNotMatch(value ?? '', /(?<!\\)"/, `${name}: quotes are escaped`);
    }
    assert.match(renderedFile('kheti.env'), /^KHETI_ENCRYPTION_KEY="cmVuZGVy/m, 'the key comes from the vault variables');
    assert.match(renderedFile('kheti.env'), /^NODE_ENV="production"$/m);
    const main = readFileSync(join(ANSIBLE_DIR, 'inventories/example/group_vars/all/main.yml'), 'utf8');
    const secrets = [...main.matchAll(/^(\w*(?:password|_key)): (.*)$/gm)];
    assert.ok(secrets.length >= 3, 'the example inventory names its secrets');
    for (const [, name, value] of secrets) assert.match(value ?? '', /^"\{\{ vault_\w+ \}\}"$/, `${name} comes from the vault`);
  });
});
