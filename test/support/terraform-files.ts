import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * hcl2json's parse, loaded without its type declarations: they reference the DOM library, which
 * would replace Node's fetch types for the whole project (and fail src/ on them).
 */
type Hcl2JsonParse = (filename: string, contents: string) => Promise<Record<string, any>>;
const hcl2json = '@cdktf/hcl2json';
const parse: Hcl2JsonParse = async (filename, contents) => ((await import(hcl2json)) as { parse: Hcl2JsonParse }).parse(filename, contents);

/** One .tf file: its path from the repository root, its text and hcl2json's reading of it. */
export interface ParsedTerraformFile {
  readonly path: string;
  readonly text: string;
  readonly hcl: Record<string, any>;
}

function findTerraformFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Provider downloads and modules fetched by a local `terraform init` are not ours to check.
    if (name === '.terraform') return [];
    if (statSync(path).isDirectory()) return findTerraformFiles(path);
    return name.endsWith('.tf') ? [path] : [];
  });
}

/** Parses every .tf file under `root` (a path relative to `repoRoot`), sorted by path. */
export async function parseTerraformTree(repoRoot: string, root: string): Promise<ParsedTerraformFile[]> {
  const paths = findTerraformFiles(join(repoRoot, root)).sort();
  return Promise.all(
    paths.map(async (absolute) => {
      const path = relative(repoRoot, absolute);
      const text = readFileSync(absolute, 'utf8');
      return { path, text, hcl: await parse(path, text) };
    }),
  );
}

/**
 * A copy of `files` with one file's text changed by `edit` and parsed again. The edit must change
 * the text: an edit that silently matches nothing would make a "breaking it fails" test pass for
 * the wrong reason.
 */
export async function withTerraformEdit(
  files: readonly ParsedTerraformFile[],
  path: string,
  edit: (text: string) => string,
): Promise<ParsedTerraformFile[]> {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no Terraform file ${path}`);
  const text = edit(file.text);
  if (text === file.text) throw new Error(`the edit left ${path} unchanged`);
  const changed = { path, text, hcl: await parse(path, text) };
  return files.map((f) => (f === file ? changed : f));
}
