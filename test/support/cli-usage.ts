import assert from 'node:assert/strict';

/** A usage error: exit 2, one line on stderr naming the problem, nothing on stdout. */
export function assertUsageError(run: { code: number | null; stdout: string; stderr: string }, args: string[], message: RegExp) {
  const label = `kheti ${args.join(' ')}`;
  assert.equal(run.code, 2, `${label}: exit ${run.code}\n${run.stderr}`);
  assert.equal(run.stdout, '', label);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${label}: one line expected, got\n${run.stderr}`);
  assert.match(lines[0]!, /^kheti: /, label);
  assert.match(lines[0]!, message, label);
}
