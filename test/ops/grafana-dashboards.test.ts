import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '../../src/infra/metrics.js';
import { allPanels, listPanelQueries, loadDashboards, metricNamesIn } from '../support/grafana-queries.js';
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
    const names = queries.map((query) => `grafana:${query.dashboardUid.replace(/\W/g, '_')}:panel_${query.panelId}_${query.refId}`);
    const rules = queries.map((query, i) => `      - record: ${names[i]}\n        expr: ${JSON.stringify(query.promql)}\n`);
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
