import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The dependency rules of `.dependency-cruiser.cjs` bite: a small tree laid out like src/, with one
 * deliberate wrong import per rule, is cruised with the project's own configuration. The real tree
 * is held to the same rules by `npm run lint`.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Each file of the fixture tree and what it imports. */
const TREE: Record<string, string[]> = {
  'src/lib/geometry.ts': [],
  'src/lib/wrong-way.ts': ['../modules/farms/index.js'],
  'src/errors.ts': ['./lib/geometry.js'],
  'src/infra/db.ts': ['../lib/geometry.js', '../errors.js'],
  'src/infra/wrong-way.ts': ['../integrations/weather/client.js'],
  'src/integrations/weather/client.ts': ['../../infra/db.js'],
  'src/auth/index.ts': ['./principal.js'],
  'src/auth/principal.ts': ['../infra/db.js'],
  'src/auth/wrong-way.ts': ['../modules/farms/index.js'],
  'src/modules/farms/index.ts': ['./repository.js', './routes.js'],
  'src/modules/farms/repository.ts': ['../../infra/db.js'],
  'src/modules/farms/routes.ts': ['./repository.js', '../../auth/index.js', '../../integrations/weather/client.js'],
  'src/modules/farms/cycle-a.ts': ['./cycle-b.js'],
  'src/modules/farms/cycle-b.ts': ['./cycle-a.js'],
  'src/modules/farms/through-own-face.ts': ['./index.js'],
  'src/modules/weather/index.ts': ['./routes.js'],
  'src/modules/weather/routes.ts': ['../farms/index.js'],
  'src/modules/weather/deep.ts': ['../farms/repository.js'],
  'src/modules/weather/auth-deep.ts': ['../../auth/principal.js'],
  'src/modules/weather/upward.ts': ['../../app.js'],
  'src/app.ts': ['./modules/farms/index.js', './modules/weather/index.js', './auth/index.js'],
  'src/jobs.ts': ['./modules/farms/repository.js'],
  'src/worker.ts': ['./jobs.js', './app.js'],
};

describe('dependency rules', () => {
  let dir: string;
  let violations: Violation[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kheti-layers-'));
    for (const [file, imports] of Object.entries(TREE)) {
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      writeFileSync(
        join(dir, file),
        `${imports.map((path, i) => `import * as m${i} from '${path}';\nvoid m${i};\n`).join('')}export const here = 1;\n`,
      );
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
    );
    const { stdout } = await promisify(execFile)(
      DEPCRUISE,
      ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
      { cwd: dir, maxBuffer: 16 << 20 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })); // it exits non-zero when it finds violations
    violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const broken = (from: string, to: string) =>
    violations
      .filter((v) => v.from === from && v.to === to)
      .map((v) => v.rule.name)
      .sort();

  it('refuses an import up the layers', () => {
    assert.deepEqual(broken('src/lib/wrong-way.ts', 'src/modules/farms/index.ts'), ['no-upward-from-lib']);
    assert.deepEqual(broken('src/infra/wrong-way.ts', 'src/integrations/weather/client.ts'), ['no-upward-from-infra']);
    assert.deepEqual(broken('src/auth/wrong-way.ts', 'src/modules/farms/index.ts'), ['no-upward-from-auth']);
    assert.deepEqual(broken('src/modules/weather/upward.ts', 'src/app.ts'), ['no-upward-from-modules']);
  });

  it("refuses a module reaching into another module's files, and outside code doing the same", () => {
    assert.deepEqual(broken('src/modules/weather/deep.ts', 'src/modules/farms/repository.ts'), ['module-face-only']);
    assert.deepEqual(broken('src/jobs.ts', 'src/modules/farms/repository.ts'), ['outside-module-face-only']);
    assert.deepEqual(broken('src/modules/weather/auth-deep.ts', 'src/auth/principal.ts'), ['auth-face-only']);
    assert.deepEqual(
      broken('src/modules/farms/through-own-face.ts', 'src/modules/farms/index.ts').filter((r) => r !== 'no-circular'),
      ['no-own-face'],
    );
  });

  it('refuses import cycles', () => {
    assert.deepEqual(broken('src/modules/farms/cycle-a.ts', 'src/modules/farms/cycle-b.ts'), ['no-circular']);
  });

  it('lets every import that follows the rules through', () => {
    const allowed = [
      ['src/modules/weather/routes.ts', 'src/modules/farms/index.ts'],
      ['src/modules/farms/routes.ts', 'src/auth/index.ts'],
      ['src/modules/farms/routes.ts', 'src/integrations/weather/client.ts'],
      ['src/app.ts', 'src/modules/farms/index.ts'],
      ['src/worker.ts', 'src/app.ts'],
      ['src/infra/db.ts', 'src/errors.ts'],
      ['src/integrations/weather/client.ts', 'src/infra/db.ts'],
    ];
    for (const [from, to] of allowed) assert.deepEqual(broken(from!, to!), [], `${from} → ${to}`);
    const expected = new Set([
      'src/lib/wrong-way.ts',
      'src/infra/wrong-way.ts',
      'src/auth/wrong-way.ts',
      'src/modules/weather/upward.ts',
      'src/modules/weather/deep.ts',
      'src/jobs.ts',
      'src/modules/weather/auth-deep.ts',
      'src/modules/farms/through-own-face.ts',
      'src/modules/farms/index.ts', // in the cycle through-own-face.ts makes
      'src/modules/farms/cycle-a.ts',
      'src/modules/farms/cycle-b.ts',
    ]);
    assert.deepEqual(
      [...new Set(violations.map((v) => v.from))].filter((from) => !expected.has(from)),
      [],
    );
  });
});
