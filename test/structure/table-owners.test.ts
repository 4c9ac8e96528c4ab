import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain ESM script without type declarations
import { parseOwners, strayReferences } from '../../scripts/check-table-owners.mjs';

/** The check behind `npm run lint` that keeps each table's SQL in its owner's file. */
const DESIGN = `# Design

## Who owns which table

| table | owner | also joined (read-only) by |
| --- | --- | --- |
| \`fields\` | \`src/modules/registry/fields/repository.ts\` | \`src/modules/registry/farms/repository.ts\` |
| \`users\`, \`memberships\` | \`src/auth/identity-repository.ts\` | |

## Next section
| \`ignored\` | \`src/nowhere.ts\` | |
`;

interface Ownership {
  owner: string;
  joinedBy: string[];
}

describe('table owners check', () => {
  const owners = parseOwners(DESIGN) as Map<string, Ownership>;

  it('reads one owner, and the files that may join the table, per table from the design document', () => {
    assert.deepEqual([...owners.keys()].sort(), ['fields', 'memberships', 'users']);
    assert.deepEqual(owners.get('memberships'), { owner: 'src/auth/identity-repository.ts', joinedBy: [] });
    assert.deepEqual(owners.get('fields')?.joinedBy, ['src/modules/registry/farms/repository.ts']);
  });

  it('refuses a row with two owners', () => {
    assert.throws(() => parseOwners('## Who owns which table\n| `x` | `src/a.ts`, `src/b.ts` | |\n'), /one owner file per table/);
  });

  it("names SQL on a table outside its owner's file, with its line; a listed file may only read it", () => {
    const strays = strayReferences(
      [
        { path: 'src/modules/registry/fields/repository.ts', text: "tx.query('DELETE FROM fields WHERE id = $1')" },
        {
          path: 'src/modules/registry/farms/repository.ts',
          text: "tx.query('SELECT * FROM farms JOIN fields ON true');\ntx.query('DELETE FROM fields')",
        },
        {
          path: 'src/modules/imagery/jobs.ts',
          text: '// Reads from fields through the registry.\nconst q = `SELECT f.id\n  FROM fields f\n  JOIN memberships m ON true`;',
        },
        { path: 'src/auth/sign-in.ts', text: "tx.query('UPDATE users SET name = $2'); tx.query('INSERT INTO audit_events VALUES ($1)')" },
      ],
      owners,
    ) as { path: string; line: number; table: string }[];
    assert.deepEqual(
      strays.map(({ path, line, table }) => `${path}:${line} ${table}`),
      [
        'src/modules/registry/farms/repository.ts:2 fields',
        'src/modules/imagery/jobs.ts:3 fields',
        'src/modules/imagery/jobs.ts:4 memberships',
        'src/auth/sign-in.ts:1 users',
      ],
    );
  });
});
