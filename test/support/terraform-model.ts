import { posix } from 'node:path';
import type { ParsedTerraformFile } from './terraform-files.js';

/** One block of a kind (resource, data, module) with its type and name, and the file it is in. */
export interface TerraformBlock {
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, any>;
  readonly file: string;
}

/** A directory of .tf files read together, as Terraform reads a module. */
export interface TerraformDir {
  readonly path: string;
  readonly files: string[];
  readonly resources: TerraformBlock[];
  readonly data: TerraformBlock[];
  readonly variables: TerraformBlock[];
  readonly outputs: TerraformBlock[];
  readonly modules: TerraformBlock[];
  readonly locals: Record<string, unknown>;
  readonly settings: TerraformBlock[];
}

/**
 * A module as one environment instantiates it: the directory and the values its variables get
 * from the callers, as far as they are literals (undefined where they come from elsewhere).
 */
export interface ModuleInstance {
  readonly environment: string;
  readonly dir: TerraformDir;
  readonly vars: Record<string, unknown>;
}

/** `{ type: { name: [body] } }`, hcl2json's shape for resources and data sources. */
function typedBlocks(section: any, file: string): TerraformBlock[] {
  return Object.entries(section ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName as Record<string, any[]>).flatMap(([name, bodies]) => bodies.map((body) => ({ type, name, body, file }))),
  );
}

/** `{ name: [body] }`, its shape for variables, outputs and module calls. */
function namedBlocks(kind: string, section: any, file: string): TerraformBlock[] {
  return Object.entries((section ?? {}) as Record<string, any[]>).flatMap(([name, bodies]) =>
    bodies.map((body) => ({ type: kind, name, body, file })),
  );
}

export function groupTerraformDirs(files: readonly ParsedTerraformFile[]): Map<string, TerraformDir> {
  const dirs = new Map<string, TerraformDir>();
  for (const { path, hcl } of files) {
    const dirPath = posix.dirname(path);
    let dir = dirs.get(dirPath);
    if (!dir) {
      dir = { path: dirPath, files: [], resources: [], data: [], variables: [], outputs: [], modules: [], locals: {}, settings: [] };
      dirs.set(dirPath, dir);
    }
    dir.files.push(path);
    dir.resources.push(...typedBlocks(hcl['resource'], path));
    dir.data.push(...typedBlocks(hcl['data'], path));
    dir.variables.push(...namedBlocks('variable', hcl['variable'], path));
    dir.outputs.push(...namedBlocks('output', hcl['output'], path));
    dir.modules.push(...namedBlocks('module', hcl['module'], path));
    dir.settings.push(...((hcl['terraform'] ?? []) as any[]).map((body) => ({ type: 'terraform', name: 'terraform', body, file: path })));
    for (const locals of (hcl['locals'] ?? []) as Record<string, unknown>[]) Object.assign(dir.locals, locals);
  }
  return dirs;
}

/** The directories under an `environments/` folder: the roots Terraform is applied in. */
export function environmentDirs(dirs: Map<string, TerraformDir>): TerraformDir[] {
  return [...dirs.values()].filter((dir) => posix.basename(posix.dirname(dir.path)) === 'environments');
}

const REFERENCE = /^\$\{(var|local)\.([A-Za-z0-9_.]+)\}$/;

/**
 * The value of an attribute in a module instance when it is a literal, a variable (given by the
 * caller or defaulted) or a local; undefined for anything computed.
 */
export function evaluate(value: unknown, instance: ModuleInstance): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, instance));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, instance)]));
  }
  if (typeof value !== 'string') return value;
  const reference = REFERENCE.exec(value);
  if (!reference) return value.includes('${') ? undefined : value;
  const [head, ...path] = reference[2]!.split('.');
  let found: unknown;
  if (reference[1] === 'local') {
    found = evaluate(instance.dir.locals[head!], instance);
  } else if (head! in instance.vars) {
    found = instance.vars[head!];
  } else {
    const declared = instance.dir.variables.find((v) => v.name === head);
    found = evaluate(declared?.body['default'], { ...instance, vars: {} });
  }
  for (const key of path) found = found !== null && typeof found === 'object' ? (found as Record<string, unknown>)[key] : undefined;
  return found;
}

const MODULE_META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

/** Every module instance an environment creates, the environment's own directory first. */
export function moduleInstances(dirs: Map<string, TerraformDir>, environment: TerraformDir): ModuleInstance[] {
  const walk = (instance: ModuleInstance, depth: number): ModuleInstance[] => {
    if (depth > 10) throw new Error(`module calls nest too deep under ${environment.path}`);
    const children = instance.dir.modules.flatMap((call) => {
      const source = String(call.body['source'] ?? '');
      const dir = dirs.get(posix.normalize(posix.join(instance.dir.path, source)));
      if (!dir) return [];
      const vars = Object.fromEntries(
        Object.entries(call.body)
          .filter(([key]) => !MODULE_META.has(key))
          .map(([key, value]) => [key, evaluate(value, instance)]),
      );
      return walk({ environment: instance.environment, dir, vars }, depth + 1);
    });
    return [instance, ...children];
  };
  return walk({ environment: posix.basename(environment.path), dir: environment, vars: {} }, 0);
}

/** The name `${<kind>.<type>.<name>...}` refers to in an attribute, or undefined. */
export function referencedName(value: unknown, prefix: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const escaped = prefix.replace(/[.]/g, '\\.');
  return new RegExp(`\\$\\{${escaped}\\.([A-Za-z0-9_-]+)`).exec(value)?.[1];
}
