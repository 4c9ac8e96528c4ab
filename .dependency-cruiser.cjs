/**
 * The shape of src/, checked on every CI run (`npm run lint`; test/structure proves each rule bites).
 *
 * Layers point one way, from the bottom up:
 *   lib ← config, errors ← infra ← integrations, http ← auth ← modules ← composition ← entries
 * A file may import its own layer and the layers below it, never one above.
 * A module is reached only through its face, `src/modules/<m>/index.ts`; auth through `src/auth/index.ts`.
 */

const LAYERS = [
  { name: 'lib', path: '^src/lib/' },
  { name: 'base', path: '^src/(config|errors)\\.ts$' },
  { name: 'infra', path: '^src/infra/' },
  { name: 'integrations and http', path: '^src/(integrations|http)/' },
  { name: 'auth', path: '^src/auth/' },
  { name: 'modules', path: '^src/modules/' },
  // The process's assembly: the app, the job table, seeding and the container of resources.
  { name: 'composition', path: '^src/(?!(config|errors|server|worker|cli)\\.ts$)[^/]+\\.ts$' },
  { name: 'entries', path: '^src/(server|worker|cli)\\.ts$' },
];

const upwardRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer.name.replace(/\W+/g, '-')}`,
  comment: `${layer.name} may import only itself and the layers below it: ${
    LAYERS.slice(0, i)
      .map((l) => l.name)
      .join(', ') || 'nothing of ours'
  }`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upwardRules,
    {
      name: 'module-face-only',
      comment: 'Another module is reached through its index.ts only: its other files are its own business.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-module-face-only',
      comment: 'Code outside the modules reaches a module through its index.ts only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/.', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'auth-face-only',
      comment: 'Code outside auth reaches it through src/auth/index.ts only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/auth/' },
      to: { path: '^src/auth/.', pathNot: '^src/auth/index\\.ts$' },
    },
    {
      name: 'no-own-face',
      comment: "Inside a module, files import each other directly; going through the module's own face invites cycles.",
      severity: 'error',
      from: { path: '^src/(modules/[^/]+|auth)/', pathNot: '^src/(modules/[^/]+|auth)/index\\.ts$' },
      to: { path: '^src/$1/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and modules inseparable.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'A package that src imports is in package.json (dependencies), not merely present as some dependency of a dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
