/**
 * Statement text with its parameters written in as SQL literals, so that a transaction's opening
 * (BEGIN, role, settings) and its first statement travel to PostgreSQL as one simple-protocol
 * message: one round trip instead of three, and no session state or prepared statement left
 * behind (safe behind PgBouncer in transaction mode).
 *
 * Parameters cross into SQL text only when that is provably safe, else the caller sends them
 * apart as usual: a string without a backslash or NUL (so doubling its quotes is a complete
 * escape whatever standard_conforming_strings says), a finite number, a boolean, null; and only
 * where each placeholder appears once. Each becomes a quoted literal of unknown type, which
 * PostgreSQL resolves from its context as it does a text-format parameter of unspecified type (how
 * pg sends them), so the statement means the same. Text that this small scanner cannot read with certainty (comments, dollar quoting,
 * backslashes, several statements) is never rewritten.
 */

/** A quoted string or identifier (skipped), or a `$n` placeholder (replaced). */
const QUOTED_OR_PLACEHOLDER = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;
const UNREADABLE = /--|\/\*|;|\$[A-Za-z_]*\$/;

/** A value as a literal, or undefined when it must travel as a parameter. */
export function literalOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'boolean') text = String(value);
  else return undefined;
  if (text.includes('\\') || text.includes('\0')) return undefined;
  return `'${text.replaceAll("'", "''")}'`;
}

/** `text` with `$1…$n` replaced by `params` as literals, or undefined when that is not safe. */
export function inlineParameters(text: string, params: readonly unknown[] = []): string | undefined {
  if (text.includes('\\') || UNREADABLE.test(text.replace(QUOTED_OR_PLACEHOLDER, ''))) return undefined;
  const literals = params.map(literalOf);
  if (literals.includes(undefined)) return undefined;
  // A parameter used twice takes one type, inferred where it is first used; two literals would
  // each take theirs. Written in only where each appears once.
  const used = [...text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, '').matchAll(/\$(\d+)/g)].map((m) => m[1]);
  if (new Set(used).size !== used.length) return undefined;
  let complete = true;
  const inlined = text.replace(QUOTED_OR_PLACEHOLDER, (match, index: string | undefined) => {
    if (index === undefined) return match;
    const literal = literals[Number(index) - 1];
    if (literal === undefined) complete = false;
    return literal ?? match;
  });
  return complete ? inlined : undefined;
}

/** A setting's value or a role name written into an opening: ids and names only, nothing to escape. */
export function settingLiteral(value: string): string {
  if (!/^[A-Za-z0-9_.:-]*$/.test(value)) throw new TypeError(`not a setting value this opening writes: ${JSON.stringify(value)}`);
  return `'${value}'`;
}
