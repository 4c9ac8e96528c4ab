import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '../../src/infra/metrics.js';
import { allPanels, listPanelQueries, loadDashboards, metricNamesIn, type PanelQuery } from '../support/grafana-queries.js';
import { promtool } from '../support/promtool.js';

/**
 * The provisioned Grafana dashboards (deploy/grafana) are valid, read the provisioned Prometheus,
 * and every panel's query parses and reads only metrics something in the topology exposes.
 */

const GRAFANA_DIR = fileURLToPath(new URL('../../deploy/grafana/', import.meta.url));
const RULES_DIR = fileURLToPath(new URL('../../deploy/prometheus/rules/', import.meta.url));

/**
 * What the topology's Debian exporters expose and the dashboards may read, as seen from
 * prometheus-redis-exporter 1.45, prometheus-postgres-exporter 0.11 (pg_stat_replication_* on a
 * primary with a standby) and prometheus-blackbox-exporter 0.23; `up` is Prometheus's own.
 */
const EXPORTER_METRICS = {
  prometheus: ['up'],
  redis: ['redis_up', 'redis_memory_used_bytes', 'redis_memory_max_bytes', 'redis_connected_clients', 'redis_blocked_clients'],
  postgres: [
    'pg_up',
    'pg_stat_replication_pg_wal_lsn_diff',
    'pg_stat_activity_count',
    'pg_stat_activity_max_tx_duration',
    'pg_stat_database_numbackends',
    'pg_stat_database_xact_commit',
    'pg_stat_database_xact_rollback',
    'pg_stat_database_deadlocks',
    'pg_settings_max_connections',
  ],
  // PgBouncer is watched by its tcp_connect probe: Debian 12's pgbouncer exporter dies on PgBouncer 1.18.
  blackbox: ['probe_success', 'probe_duration_seconds', 'probe_ssl_earliest_cert_expiry'],
};

/** Every series name Kheti's registry exposes, histograms as their _bucket, _sum and _count. */
async function khetiMetricNames(): Promise<string[]> {
  const metrics = await createMetrics().registry.getMetricsAsJSON();
  return metrics.flatMap(({ name, type }) => (String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]));
}

function recordingRuleNames(): string[] {
  return readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.yml'))
    .flatMap((file) => [...readFileSync(join(RULES_DIR, file), 'utf8').matchAll(/^\s*- record: (\S+)$/gm)].map((match) => match[1]!));
}

const dashboards = loadDashboards();
const queries = listPanelQueries();

/**
 * Prometheus has no series for a label set until something is counted under it: no 5xx yet, no
 * failed job, no alert raised, no WebSocket message. The panels over such things fall back to 0
 * (`or ... * 0` per route or job type that had traffic, `or vector(0)` for a single number, and
 * `or on () vector(0)` by a label nothing else has: a lone 0 that any real series replaces, where a
 * plain `or vector(0)` would draw beside them), so Grafana shows 0 rather than "No data". Each entry: a panel query (file, panel id, refId), what it
 * reads after an hour of 2xx traffic and succeeded jobs only, and what it reads once each of
 * those things has happened, at 1 a second (so 60 in a minute, 3600 in the hour). Whole
 * numbers of requests a second keep every rate exact, so the ratios compare exactly.
 */
const ZERO_FALLBACK_PANELS: Record<string, { quiet: Sample[]; eventful: Sample[] }> = {
  'kheti-red.json 2 A': { quiet: [['', 1]], eventful: [['', 0.875]] },
  'kheti-red.json 3 A': { quiet: [['{job="kheti-api"}', 0]], eventful: [['{job="kheti-api"}', 0.125]] },
  'kheti-red.json 3 B': { quiet: [['{job="kheti-api"}', 0]], eventful: [['{job="kheti-api"}', 0.125]] },
  'kheti-red.json 10 A': { quiet: byRoute(0, 0), eventful: byRoute(1, 0) },
  'kheti-red.json 11 A': { quiet: byRoute(0, 0), eventful: byRoute(0.2, 0) },
  'kheti-red.json 12 A': { quiet: byRoute(0, 0), eventful: byRoute(0, 1) },
  'kheti-red.json 13 A': { quiet: byRoute(0, 0), eventful: byRoute(0, 1) },
  'kheti-queues.json 8 A': {
    quiet: [['{type="imagery.analyse-field"}', 0]],
    eventful: [
      ['{type="imagery.analyse-field"}', 0.5],
      ['{type="markets.ingest-prices"}', 0],
    ],
  },
  'kheti-queues.json 10 A': { quiet: [['', 0]], eventful: [['', 3600]] },
  'kheti-business.json 2 A': { quiet: [['', 0]], eventful: [['', 3600]] },
  'kheti-business.json 3 A': { quiet: [['', 3600]], eventful: [['', 3600]] },
  'kheti-business.json 4 A': { quiet: [['', 0]], eventful: [['', 3600]] },
  'kheti-business.json 7 A': { quiet: [['', 0]], eventful: [['', 3600]] },
  'kheti-business.json 9 A': { quiet: [['', 0]], eventful: [['{type="crop_health.drop"}', 3600]] },
  'kheti-business.json 13 A': { quiet: [['', 0]], eventful: [['{kind="live"}', 1]] },
  'kheti-business.json 14 A': { quiet: [['', 0]], eventful: [['{reason="slow"}', 60]] },
};

/** A label set as PromQL writes it (`''` for none) and a value. */
type Sample = [labels: string, value: number];

function byRoute(fields: number, weather: number): Sample[] {
  return [
    ['{route="/v1/fields"}', fields],
    ['{route="/v1/weather"}', weather],
  ];
}

/** Selectors of what may not have happened on a deployment that serves traffic and runs jobs. */
const MAY_NOT_HAVE_HAPPENED =
  /status_code=~?"(?:5\.\.|4\.\.|429)"|outcome="failed"|method="POST"|kheti:http_requests_errors|kheti_events_published_total\{type!~|kheti_ws_messages_sent_total|kheti_ws_closed_total|\[24h\]/;

const request = (route: string, method: string, status: number) =>
  `http_request_duration_seconds_count{job="kheti-api",instance="api-1",route="${route}",method="${method}",status_code="${status}"}`;
const finished = (type: string, outcome: string) =>
  `kheti_jobs_finished_total{job="kheti-worker",instance="worker-1",type="${type}",outcome="${outcome}"}`;

/** An hour of scrapes every 15s of a counter from 0 that grows `perSecond` a second. */
const counter = (series: string, perSecond: number) => ({ series, values: `0+${15 * perSecond}x240` });

/** Reads of two routes and succeeded field analyses: what a deployment always has. */
const QUIET_SERIES = [
  counter(request('/v1/fields', 'GET', 200), 3),
  counter(request('/v1/weather', 'GET', 200), 2),
  counter(finished('imagery.analyse-field', 'succeeded'), 1),
];

/** The quiet traffic and everything it lacks: 5xx, a field created, 429, failed jobs, an alert, WebSocket traffic. */
const EVENTFUL_SERIES = [
  ...QUIET_SERIES,
  counter(request('/v1/fields', 'GET', 500), 1),
  counter(request('/v1/fields', 'POST', 201), 1),
  counter(request('/v1/weather', 'GET', 429), 1),
  counter(finished('imagery.analyse-field', 'failed'), 1),
  counter(finished('markets.ingest-prices', 'succeeded'), 1),
  counter('kheti_events_published_total{job="kheti-worker",instance="worker-1",type="crop_health.drop"}', 1),
  counter('kheti_events_published_total{job="kheti-worker",instance="worker-1",type="job.progress"}', 1),
  counter('kheti_ws_messages_sent_total{job="kheti-api",instance="api-1",kind="live"}', 1),
  counter('kheti_ws_closed_total{job="kheti-api",instance="api-1",reason="slow"}', 1),
];

const queryKey = (query: PanelQuery) => `${query.file} ${query.panelId} ${query.refId}`;
const recordName = (query: PanelQuery) => `grafana:${query.dashboardUid.replace(/\W/g, '_')}:panel_${query.panelId}_${query.refId}`;

/**
 * A `promtool test rules` file: each zero-fallback panel query recorded as a rule (beside the SLO
 * rules, which panels read), evaluated at one hour over `series`.
 */
function zeroFallbackUnitTest(rulesFile: string, series: { series: string; values: string }[], outcome: 'quiet' | 'eventful') {
  const panels = queries.filter((query) => ZERO_FALLBACK_PANELS[queryKey(query)]);
  const expectations = panels.map((query) => {
    const samples = ZERO_FALLBACK_PANELS[queryKey(query)]![outcome].map(
      ([labels, value]) => `          - labels: ${JSON.stringify(recordName(query) + labels)}\n            value: ${value}\n`,
    );
    return `      - expr: ${recordName(query)}\n        eval_time: 60m\n        exp_samples:\n${samples.join('')}`;
  });
  const input = series.map(
    ({ series, values }) => `      - series: ${JSON.stringify(series)}\n        values: ${JSON.stringify(values)}\n`,
  );
  return [
    `rule_files:\n  - ${JSON.stringify(rulesFile)}\n  - ${JSON.stringify(join(RULES_DIR, 'kheti-slo.yml'))}\n`,
    'evaluation_interval: 15s\n',
    // The panels read the SLO ratios as recorded at the same instant, not one evaluation earlier.
    'group_eval_order: [kheti-api-slo-ratios, kheti-api-slo-alerts, grafana-zero-fallback]\n',
    `tests:\n  - interval: 15s\n    input_series:\n${input.join('')}    promql_expr_test:\n${expectations.join('')}`,
  ].join('');
}

describe('Grafana dashboards (deploy/grafana)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'kheti-grafana-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('every dashboard is valid JSON with its own uid and title and unique panel ids', () => {
    assert.ok(dashboards.length >= 4, `found ${dashboards.length} dashboards`);
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    assert.equal(new Set(uids).size, uids.length, `dashboard uids repeat: ${uids.join(', ')}`);
    for (const { file, dashboard } of dashboards) {
      assert.ok(dashboard.uid && dashboard.title, `${file} has a uid and a title`);
      const ids = allPanels(dashboard.panels).map((panel) => panel.id);
      const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
      assert.deepEqual(repeated, [], `${file} repeats panel ids`);
      assert.ok(
        ids.every((id) => Number.isInteger(id) && id > 0),
        `${file} gives every panel a positive integer id`,
      );
    }
  });

  it('every panel reads the provisioned Prometheus data source (uid prometheus)', () => {
    const provisioned = readFileSync(join(GRAFANA_DIR, 'provisioning/datasources/prometheus.yaml'), 'utf8');
    assert.match(provisioned, /^\s+uid: prometheus$/m);
    assert.match(provisioned, /^\s+type: prometheus$/m);
    assert.match(readFileSync(join(GRAFANA_DIR, 'provisioning/dashboards/kheti.yaml'), 'utf8'), /^\s+type: file$/m);
    for (const { file, dashboard } of dashboards) {
      const variable = dashboard.templating?.list.find((v) => v.name === 'datasource');
      assert.equal(variable?.type, 'datasource', `${file} has a "datasource" variable`);
      assert.equal(variable?.query, 'prometheus', `${file}'s datasource variable lists Prometheus data sources`);
      assert.equal(variable?.current?.value, 'prometheus', `${file}'s datasource variable defaults to uid prometheus`);
      for (const panel of allPanels(dashboard.panels).filter((p) => p.targets?.length)) {
        for (const source of [panel.datasource, ...panel.targets!.map((t) => t.datasource)]) {
          assert.equal(source?.type, 'prometheus', `${file} panel ${panel.id} "${panel.title}" reads Prometheus`);
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax, not a JavaScript template
          assert.ok(['${datasource}', 'prometheus'].includes(source?.uid ?? ''), `${file} panel ${panel.id} reads uid ${source?.uid}`);
        }
      }
    }
  });

  it('the query lister gives every panel target, with no Grafana variable left for Prometheus', () => {
    const targets = dashboards.flatMap(({ dashboard }) => allPanels(dashboard.panels).flatMap((panel) => panel.targets ?? []));
    assert.equal(queries.length, targets.length);
    assert.ok(
      queries.every((query) => query.expr.trim() !== ''),
      'no panel has an empty query',
    );
    assert.deepEqual(
      queries.filter((query) => query.promql.includes('$')).map((query) => `${query.file} panel ${query.panelId}: ${query.promql}`),
      [],
    );
  });

  it('every panel query parses as PromQL (promtool check rules)', async () => {
    // promtool has no "parse this expression" command, but it parses every recording rule's expr.
    const rules = queries.map((query) => `      - record: ${recordName(query)}\n        expr: ${JSON.stringify(query.promql)}\n`);
    writeFileSync(join(temp, 'queries.yml'), `groups:\n  - name: grafana-panels\n    rules:\n${rules.join('')}`);
    const { code, output } = await promtool(['check', 'rules', join(temp, 'queries.yml')]);
    assert.equal(code, 0, `a panel query does not parse:\n${output}`);
    assert.match(output, new RegExp(`SUCCESS: ${queries.length} rules found`));
  });

  it('every panel query reads only metrics that Kheti, the exporters or the recording rules expose', async () => {
    const known = new Set([...(await khetiMetricNames()), ...Object.values(EXPORTER_METRICS).flat(), ...recordingRuleNames()]);
    const unknown = queries.flatMap((query) =>
      metricNamesIn(query.promql)
        .filter((name) => !known.has(name))
        .map((name) => `${query.file} panel ${query.panelId} "${query.panelTitle}": ${name}`),
    );
    assert.deepEqual(unknown, []);
  });

  it('every panel over something that may not have happened yet falls back to 0', () => {
    const mayNotHaveHappened = queries.filter((query) => MAY_NOT_HAVE_HAPPENED.test(query.promql)).map(queryKey);
    assert.deepEqual(mayNotHaveHappened.sort(), Object.keys(ZERO_FALLBACK_PANELS).sort());
  });

  for (const [outcome, series, when] of [
    ['quiet', QUIET_SERIES, 'after only 2xx answers and succeeded jobs'],
    ['eventful', EVENTFUL_SERIES, 'once 5xx, 4xx, 429, a field created, failed jobs, an alert and WebSocket traffic have happened'],
  ] as const) {
    it(`those panels read ${outcome === 'quiet' ? '0 rather than nothing' : 'what was counted'} ${when} (promtool test rules)`, async () => {
      const panels = queries.filter((query) => ZERO_FALLBACK_PANELS[queryKey(query)]);
      const rules = panels.map((query) => `      - record: ${recordName(query)}\n        expr: ${JSON.stringify(query.promql)}\n`);
      const rulesFile = join(temp, `zero-fallback-${outcome}.yml`);
      writeFileSync(rulesFile, `groups:\n  - name: grafana-zero-fallback\n    rules:\n${rules.join('')}`);
      const testFile = join(temp, `zero-fallback-${outcome}.test.yml`);
      writeFileSync(testFile, zeroFallbackUnitTest(rulesFile, series, outcome));
      const { code, output } = await promtool(['test', 'rules', testFile]);
      assert.equal(code, 0, `promtool test rules failed:\n${output}`);
      assert.match(output, /SUCCESS/);
    });
  }

  it('the metric-name reader finds metric names and nothing else', () => {
    assert.deepEqual(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{job="kheti-api",route=~"a|b"}[5m]))) / on (job) group_left bar:ratio offset 5m and up',
      ),
      ['bar:ratio', 'http_request_duration_seconds_bucket', 'up'],
    );
    assert.deepEqual(metricNamesIn('1 - sum without (instance) (increase(x_total{type!~"job\\\\..+"}[1h])) > 14.4 * 0.005'), ['x_total']);
  });

  it('the dashboards cover requests by route, queues and jobs, the databases and the business', () => {
    const read = (uid: string) => queries.filter((query) => query.dashboardUid === uid).map((query) => query.promql);
    const covers = (uid: string, pattern: RegExp) =>
      assert.ok(
        read(uid).some((q) => pattern.test(q)),
        `${uid} has a query matching ${pattern}`,
      );
    covers('kheti-red', /sum by \(route\) \(rate\(http_request_duration_seconds_count/);
    covers('kheti-red', /status_code=~"5\.\."/);
    covers('kheti-red', /histogram_quantile\(0\.99, sum by \(route, le\)/);
    covers('kheti-queues', /kheti_queue_jobs\{state="waiting"\}/);
    covers('kheti-queues', /kheti_jobs_finished_total/);
    covers('kheti-database', /kheti_db_pool_connections/);
    covers('kheti-database', /kheti_db_replica_lag_bytes/);
    covers('kheti-database', /probe_success\{job="pgbouncer"\}/);
    covers('kheti-business', /route="\/v1\/fields",method="POST",status_code=~"2\.\."/);
    covers('kheti-business', /type="imagery\.analyse-field"/);
    covers('kheti-business', /type="markets\.ingest-prices"/);
    covers('kheti-business', /sum by \(type\) \(increase\(kheti_events_published_total/);
    covers('kheti-business', /kheti_ws_connections/);
  });
});
