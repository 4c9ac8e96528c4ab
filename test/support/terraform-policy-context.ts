import type { ModuleInstance, TerraformBlock, TerraformDir } from './terraform-model.js';

/** A broken rule: `rule` names it (stable, for tests), `where` is the file and block. */
export interface PolicyViolation {
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

export interface PolicyContext {
  readonly dirs: Map<string, TerraformDir>;
  /** Each environment's module instances, with the values their variables get. */
  readonly environments: Map<string, ModuleInstance[]>;
  report(rule: string, block: TerraformBlock | string, message: string): void;
}

export function where(block: TerraformBlock): string {
  return `${block.file}: ${block.type === block.name ? block.type : `${block.type}.${block.name}`}`;
}

export function resources(context: PolicyContext, type: string): TerraformBlock[] {
  return [...context.dirs.values()].flatMap((dir) => dir.resources.filter((r) => r.type === type));
}

export function resourcesIn(dir: TerraformDir, type: string): TerraformBlock[] {
  return dir.resources.filter((r) => r.type === type);
}

/** Nested blocks come as a list of bodies; a missing block as none. */
export function nested(body: Record<string, any>, key: string): Record<string, any>[] {
  const value = body[key];
  if (Array.isArray(value)) return value;
  return value && typeof value === 'object' ? [value] : [];
}

export function dirOf(context: PolicyContext, block: TerraformBlock): TerraformDir {
  return [...context.dirs.values()].find((dir) => dir.files.includes(block.file))!;
}
