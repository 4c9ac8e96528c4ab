import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promtool } from '../support/promtool.js';

/**
 * The alerting and recording rules in deploy/prometheus are valid for Prometheus, every alert is
 * unit-tested with `promtool test rules` both firing and staying quiet, and every alert tells the
 * on-call what it means and where its runbook is.
 */

const PROMETHEUS_DIR = fileURLToPath(new URL('../../deploy/prometheus/', import.meta.url));
const yamlFiles = (dir: string) =>
  readdirSync(PROMETHEUS_DIR + dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => `${dir}/${name}`);
const read = (path: string) => readFileSync(PROMETHEUS_DIR + path, 'utf8');
const ruleFiles = yamlFiles('rules');
const testFiles = yamlFiles('tests');

/** The scrape jobs the topology configures; a rule naming any other job would never match. */
const TOPOLOGY_JOBS = ['kheti-api', 'kheti-worker', 'pgbouncer', 'redis', 'postgres', 'blackbox-tls', 'prometheus'];

interface AlertRule {
  name: string;
  text: string;
}

/** The rule files' alerts, each with its own block of YAML (the files keep one rule per `- alert:` item). */
function alertRules(): AlertRule[] {
  return ruleFiles.flatMap((file) =>
    read(file)
      .split(/^(?=\s*- (?:alert|record): )/m)
      .map((block) => ({ name: /^\s*- alert: (\S+)/.exec(block)?.[1], text: block }))
      .filter((rule): rule is AlertRule => rule.name !== undefined),
  );
}

/** Per alert, whether some unit test expects it to fire and some expects it quiet. */
function unitTestedOutcomes(): Map<string, { fires: boolean; quiet: boolean }> {
  const outcomes = new Map<string, { fires: boolean; quiet: boolean }>();
  for (const file of testFiles) {
    for (const block of read(file).split(/^(?=\s*- (?:alertname|interval|expr): )/m)) {
      const name = /^\s*- alertname: (\S+)/.exec(block)?.[1];
      if (!name) continue;
      const outcome = outcomes.get(name) ?? { fires: false, quiet: false };
      if (/exp_alerts:\s*\n\s*- exp_labels:/.test(block)) outcome.fires = true;
      else outcome.quiet = true;
      outcomes.set(name, outcome);
    }
  }
  return outcomes;
}

describe('Prometheus rules (deploy/prometheus)', () => {
  it('promtool check rules accepts every rule file', async () => {
    assert.ok(ruleFiles.length > 0, 'deploy/prometheus/rules holds rule files');
    const { code, output } = await promtool(['check', 'rules', ...ruleFiles], PROMETHEUS_DIR);
    assert.equal(code, 0, `promtool check rules failed:\n${output}`);
  });

  it('promtool test rules passes every unit test', async () => {
    assert.ok(testFiles.length > 0, 'deploy/prometheus/tests holds unit tests');
    const { code, output } = await promtool(['test', 'rules', ...testFiles], PROMETHEUS_DIR);
    assert.equal(code, 0, `promtool test rules failed:\n${output}`);
    assert.equal(output.match(/SUCCESS/g)?.length, testFiles.length, output);
  });

  it('every alert has a unit test where it fires and one where it stays quiet', () => {
    const outcomes = unitTestedOutcomes();
    const alerts = alertRules();
    assert.ok(alerts.length >= 15, `found only ${alerts.length} alerts`);
    const untested = alerts
      .map(({ name }) => ({ name, outcome: outcomes.get(name) }))
      .filter(({ outcome }) => !outcome?.fires || !outcome.quiet)
      .map(({ name, outcome }) => `${name} (fires: ${outcome?.fires ?? false}, quiet: ${outcome?.quiet ?? false})`);
    assert.deepEqual(untested, [], 'alerts without both a firing and a quiet unit test');
    const unknown = [...outcomes.keys()].filter((name) => !alerts.some((alert) => alert.name === name));
    assert.deepEqual(unknown, [], 'unit tests of alerts that no rule file defines');
  });

  it('every alert has a severity, a summary, a description and a runbook section in the README', () => {
    const readme = read('README.md');
    const sections = new Set([...readme.matchAll(/^#{2,4} (\S+)\s*$/gm)].map((match) => match[1]!.toLowerCase()));
    for (const { name, text } of alertRules()) {
      assert.match(text, /\n\s+severity: (warning|critical)\n/, `${name} has severity warning or critical`);
      assert.match(text, /\n\s+summary: \S/, `${name} has a summary`);
      assert.match(text, /\n\s+description: \S/, `${name} has a description`);
      const runbook = /\n\s+runbook: deploy\/prometheus\/README\.md#(\S+)\n/.exec(text)?.[1];
      assert.equal(runbook, name.toLowerCase(), `${name} points at its own README section`);
      assert.ok(sections.has(runbook), `deploy/prometheus/README.md has a section "${name}"`);
    }
  });

  it('the rules select only the scrape jobs the topology configures', () => {
    const jobs = new Set(ruleFiles.flatMap((file) => [...read(file).matchAll(/job="([^"]+)"/g)].map((match) => match[1]!)));
    assert.ok(jobs.size > 0);
    assert.deepEqual(
      [...jobs].filter((job) => !TOPOLOGY_JOBS.includes(job)),
      [],
    );
  });
});
