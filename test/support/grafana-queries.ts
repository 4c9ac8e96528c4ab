import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every PromQL query of the provisioned Grafana dashboards (deploy/grafana/dashboards), with
 * Grafana's variables resolved so that Prometheus itself can run it: the dashboard tests parse
 * them, and a test against a live topology can run each one and expect series back.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../deploy/grafana/dashboards/', import.meta.url));

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { refId: string; expr?: string; datasource?: { type?: string; uid?: string } }[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; type: string; query?: string; current?: { value?: string } }[] };
}

export interface PanelQuery {
  /** The dashboard file's name, e.g. `kheti-red.json`. */
  file: string;
  dashboardUid: string;
  panelId: number;
  panelTitle: string;
  refId: string;
  /** As written in the dashboard, Grafana variables and all. */
  expr: string;
  /** With Grafana's variables replaced by what Prometheus accepts. */
  promql: string;
}

export interface GrafanaVariables {
  /** `$__rate_interval`: four scrape intervals at least; 1m suits a 15s scrape. */
  rateInterval: string;
  /** `$__range`: the dashboard's time range. */
  range: string;
  /** `$__interval`: the step between points. */
  interval: string;
}

const DEFAULT_VARIABLES: GrafanaVariables = { rateInterval: '1m', range: '6h', interval: '15s' };

export function loadDashboards(dir = DASHBOARD_DIR): { file: string; dashboard: Dashboard }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard }));
}

/** Panels at any depth: a collapsed row keeps its panels inside itself. */
export function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

export function resolveGrafanaVariables(expr: string, variables: Partial<GrafanaVariables> = {}): string {
  const { rateInterval, range, interval } = { ...DEFAULT_VARIABLES, ...variables };
  return expr.replaceAll('$__rate_interval', rateInterval).replaceAll('$__range', range).replaceAll('$__interval', interval);
}

export function listPanelQueries(options: { dir?: string; variables?: Partial<GrafanaVariables> } = {}): PanelQuery[] {
  return loadDashboards(options.dir).flatMap(({ file, dashboard }) =>
    allPanels(dashboard.panels).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((target) => target.expr !== undefined)
        .map((target) => ({
          file,
          dashboardUid: dashboard.uid,
          panelId: panel.id,
          panelTitle: panel.title,
          refId: target.refId,
          expr: target.expr!,
          promql: resolveGrafanaVariables(target.expr!, options.variables),
        })),
    ),
  );
}

const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a query reads. PromQL has no parser in Node, so this strips what cannot be a
 * metric name (strings, label matchers, ranges, grouping clauses, function calls, numbers) and
 * keeps the identifiers left; `promtool check rules` separately proves that each query parses.
 */
export function metricNamesIn(promql: string): string[] {
  const stripped = promql
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)) {
    const name = match[1]!;
    if (!NOT_METRICS.has(name.toLowerCase())) names.add(name);
  }
  return [...names].sort();
}
