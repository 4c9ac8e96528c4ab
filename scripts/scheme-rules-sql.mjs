#!/usr/bin/env node
// Prints the SQL that loads reference/scheme-rules.json into schemes.eligibility: one UPDATE per
// shared catalogue scheme (tenant_id IS NULL), by code. Applied migrations are never edited: after
// changing the file, run
//   node scripts/scheme-rules-sql.mjs > /tmp/rules.sql
// and put the output in a NEW migration. Each criterion's `source` must name a key of `sources`;
// the rule's shape is checked again by test/modules/scheme-eligibility.test.ts (parseEligibilityRule).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../reference/scheme-rules.json', import.meta.url));

function fail(message) {
  console.error(`reference/scheme-rules.json: ${message}`);
  process.exit(1);
}

export function readSchemeRules(text) {
  const data = JSON.parse(text);
  const sources = new Set(Object.keys(data.sources ?? {}));
  for (const [code, rule] of Object.entries(data.rules ?? {})) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code)) fail(`code ${JSON.stringify(code)} is not lowercase kebab-case, as schemes.code`);
    for (const criterion of rule.criteria ?? []) {
      const keys = String(criterion.source ?? '')
        .split(';')
        .map((key) => key.trim());
      for (const key of keys)
        if (!sources.has(key)) fail(`${code}.${criterion.criterion}: source ${JSON.stringify(key)} is not in sources`);
      if (!/[\u0900-\u097F]/.test(criterion.textHi ?? '')) fail(`${code}.${criterion.criterion}: textHi must be written in Devanagari`);
    }
  }
  return data.rules;
}

const literal = (text) => `'${text.replaceAll("'", "''")}'`;

export function schemeRulesSql(rules) {
  return Object.entries(rules)
    .map(
      ([code, rule]) =>
        `UPDATE schemes SET eligibility = ${literal(JSON.stringify(rule))}::jsonb\n  WHERE tenant_id IS NULL AND code = ${literal(code)};`,
    )
    .join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(schemeRulesSql(readSchemeRules(readFileSync(FILE, 'utf8'))));
}
