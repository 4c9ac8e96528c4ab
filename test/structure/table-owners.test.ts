import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain ESM script without type declarations
import { parseOwners, strayReferences } from '../../scripts/check-table-owners.mjs';

/** The check behind `npm run lint` that keeps each table's SQL in its owner's files. */
const DESIGN = `# Design

## Who owns which table

| table | owner |
| --- | --- |
| \`fields\` | \`src/modules/registry/fields/repository.ts\` |
| \`users\`, \`memberships\` | \`src/auth/identity-repository.ts\` |

## Next section
| \`ignored\` | \`src/nowhere.ts\` |
`;

describe('table owners check', () => {
  const owners = parseOwners(DESIGN) as Map<string, string[]>;

  it('reads one owner row per table from the design document', () => {
    assert.deepEqual([...owners.keys()].sort(), ['fields', 'memberships', 'users']);
    assert.deepEqual(owners.get('memberships'), ['src/auth/identity-repository.ts']);
  });

  it("names SQL on a table outside its owner's files, with its line", () => {
    const strays = strayReferences(
      [
        { path: 'src/modules/registry/fields/repository.ts', text: "tx.query('SELECT * FROM fields WHERE id = $1')" },
        { path: 'src/modules/imagery/jobs.ts', text: "// Reads from fields through the registry.\nconst q = `SELECT f.id\n  FROM fields f\n  JOIN memberships m ON true`;" },
        { path: 'src/auth/sign-in.ts', text: "tx.query('UPDATE users SET name = $2'); tx.query('INSERT INTO audit_events VALUES ($1)')" },
      ],
      owners,
    ) as { path: string; line: number; table: string }[];
    assert.deepEqual(
      strays.map(({ path, line, table }) => `${path}:${line} ${table}`),
      ['src/modules/imagery/jobs.ts:3 fields', 'src/modules/imagery/jobs.ts:4 memberships', 'src/auth/sign-in.ts:1 users'],
    );
  });
});
