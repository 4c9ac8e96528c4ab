import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDate, formatNumber, locale, t } from '../../../i18n';
import type { SeriesPoint } from './types';

/** Line colours, each at least 3:1 against the white chart background. */
export const NDVI_COLOURS = { raw: '#1f6b3a', smoothed: '#0b57d0', previousYear: '#8a4b00' } as const;

const HEIGHT = 240;
const MONTH_SECONDS = 28 * 86_400;

/**
 * The NDVI time series drawn by uPlot: each scene's mean as a dot, the smoothed line, and last
 * year's smoothed value for the same day of the year (the API's `previousYear`, so both years
 * share one date axis). uPlot draws on a canvas, which a screen reader cannot read: the wrapper is
 * an image with a name, described by the summary the panel prints next to it, and the data table
 * below says the same in text.
 */
export function NdviChart({ points, describedBy }: { points: SeriesPoint[]; describedBy: string }) {
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      points.map((p) => Date.parse(p.date) / 1000),
      points.map((p) => p.raw),
      points.map((p) => p.smoothed),
      points.map((p) => p.previousYear),
    ];
    const monthFormat = new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' });
    const dayFormat = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        // The panel prints its own legend in words; uPlot's would be a second, unlabelled table.
        legend: { show: false },
        cursor: { show: false },
        // NDVI runs from -1 to 1; crops sit between 0 and 1, so that is the frame unless a value falls outside.
        scales: { x: { time: true }, y: { range: (_chart, min, max) => [Math.min(0, min), Math.max(1, max)] } },
        axes: [
          {
            // Ticks a month or more apart read as months; closer ones (a short series) need the day too.
            values: (_chart, splits, _axis, _space, step) =>
              splits.map((s) => (step >= MONTH_SECONDS ? monthFormat : dayFormat).format(new Date(s * 1000))),
          },
          { values: (_chart, splits) => splits.map((s) => formatNumber(s, { maximumFractionDigits: 1 })) },
        ],
        series: [
          {},
          { stroke: NDVI_COLOURS.raw, paths: () => null, points: { show: true, size: 6, fill: NDVI_COLOURS.raw } },
          { stroke: NDVI_COLOURS.smoothed, width: 2, points: { show: false } },
          // Dots too: where last year's coverage is patchy, a lone value has no neighbour to draw a line to.
          { stroke: NDVI_COLOURS.previousYear, width: 2, dash: [6, 4], points: { show: true, size: 5, fill: NDVI_COLOURS.previousYear } },
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [points, locale()]);

  return <div ref={wrapper} class="ndvi-chart" role="img" aria-label={t('field.ndvi.chartLabel')} aria-describedby={describedBy} />;
}

/** The chart's words: how many scenes, over what dates, and the latest value. */
export function ndviSummary(points: SeriesPoint[]): string {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return t('field.ndvi.summary', {
    count: points.length,
    from: formatDate(first.date),
    to: formatDate(last.date),
    raw: formatNumber(last.raw, { maximumFractionDigits: 2 }),
    smoothed: formatNumber(last.smoothed, { maximumFractionDigits: 2 }),
  });
}
