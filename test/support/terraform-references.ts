import { posix } from 'node:path';
import type { TerraformDir } from './terraform-model.js';
import type { PolicyContext } from './terraform-policy-context.js';

const MODULE_META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

/** Every string in a block body, however deeply nested. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function moduleDir(context: PolicyContext, dir: TerraformDir, source: unknown): TerraformDir | undefined {
  return context.dirs.get(posix.normalize(posix.join(dir.path, String(source))));
}

/**
 * What `terraform validate` would catch without the providers' schemas: module calls that pass
 * undeclared inputs or miss required ones, and references to variables, locals, module outputs,
 * data sources or resources that no block declares. The build machines cannot download the
 * providers, so this is the closest check of the wiring that runs there.
 */
export function referencePolicies(context: PolicyContext): void {
  for (const dir of context.dirs.values()) {
    for (const call of dir.modules) {
      const child = moduleDir(context, dir, call.body['source']);
      if (!child) {
        context.report('module-inputs', call, `its source ${String(call.body['source'])} is not a module of this tree`);
        continue;
      }
      const declared = new Set(child.variables.map((v) => v.name));
      for (const input of Object.keys(call.body).filter((key) => !MODULE_META.has(key))) {
        if (!declared.has(input)) context.report('module-inputs', call, `${child.path} declares no variable ${input}`);
      }
      for (const variable of child.variables) {
        if (!('default' in variable.body) && !(variable.name in call.body)) {
          context.report('module-inputs', call, `${child.path} needs ${variable.name}`);
        }
      }
    }
    const blocks = [...dir.resources, ...dir.data, ...dir.variables, ...dir.outputs, ...dir.modules];
    const expressions = [...blocks.flatMap((block) => strings(block.body)), ...strings(dir.locals)].filter((s) => s.includes('${'));
    const variables = new Set(dir.variables.map((v) => v.name));
    const resources = new Set(dir.resources.map((r) => `${r.type}.${r.name}`));
    const data = new Set(dir.data.map((d) => `${d.type}.${d.name}`));
    const missing = (what: string) => context.report('undeclared-reference', dir.path, `${what} is referenced but not declared`);
    for (const expression of expressions) {
      for (const [, name] of expression.matchAll(/(?<![\w.])var\.([A-Za-z_][\w-]*)/g)) if (!variables.has(name!)) missing(`var.${name}`);
      for (const [, name] of expression.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g))
        if (!(name! in dir.locals)) missing(`local.${name}`);
      for (const [, name] of expression.matchAll(/(?<![\w.])data\.([a-z][\w]*\.[A-Za-z_][\w-]*)/g))
        if (!data.has(name!)) missing(`data.${name}`);
      for (const [, name] of expression.matchAll(/(?<![\w.])((?:aws|random|tls)_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g)) {
        if (!resources.has(name!)) missing(name!);
      }
      for (const [, call, output] of expression.matchAll(/(?<![\w.])module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
        const block = dir.modules.find((m) => m.name === call);
        const child = block && moduleDir(context, dir, block.body['source']);
        if (!child?.outputs.some((o) => o.name === output)) missing(`module.${call}.${output}`);
      }
    }
  }
}
