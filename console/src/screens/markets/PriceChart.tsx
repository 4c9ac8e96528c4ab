import { useLayoutEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDate, formatNumber, t, useLang } from '../../i18n';
import { dayToSeconds } from './trend';
import type { Series, Trend } from './types';

/** Line colours, each at least 3:1 against white and told apart by more than hue alone (the legend names them). */
export const COLOURS = ['#1f6b3a', '#0b57d0', '#a05a00', '#7b1fa2', '#00796b', '#5d4037'];
export const MSP_COLOUR = '#a4161a';
const HEIGHT = 320;

export const rupees = (value: number) => `₹${formatNumber(Math.round(value))}`;
const shortDay = (seconds: number) => formatDate(new Date(seconds * 1000), { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * The modal price of each series per day, with the MSP as a dashed line. The canvas means nothing
 * to a screen reader, so its wrapper is an image with a label saying what it shows; the summary and
 * table beside it carry the numbers.
 */
export function PriceChart({
  series,
  overall,
  msp,
  label,
}: {
  series: Series[];
  overall: Trend;
  /** The MSP in force on each day of overall.points; undefined for a commodity without one. */
  msp: (number | null)[] | undefined;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  // uPlot keeps the axis labels it drew: a new language needs a new plot.
  const lang = useLang();

  // A layout effect, not a passive one: the plot is made in the same task that puts the legend and
  // summary on the page, so no frame (and no screenshot) ever shows them beside an empty plot.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const data = alignedData(series, overall, msp);
    let plot: uPlot | undefined;
    // uPlot draws at a fixed width: it is made once the box has one (a box not laid out yet, or
    // hidden, reports 0 and would get a plot with nothing in it) and resized whenever the box is.
    const fit = (width: number) => {
      if (width <= 0) return;
      if (!plot) plot = new uPlot(chartOptions(series, msp, width), data, element);
      else if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
    };
    fit(element.clientWidth);
    const resize = new ResizeObserver(([entry]) => fit(Math.floor(entry?.contentRect.width ?? 0)));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot?.destroy();
    };
  }, [series, overall, msp, lang]);

  return (
    <figure class="price-chart">
      <div class="price-chart-canvas" role="img" aria-label={label} ref={box} />
      <figcaption>
        <ul class="chart-legend">
          {series.map((s, i) => (
            <li key={s.key}>
              <span class="legend-swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
          {overall.msp && (
            <li class="legend-msp">
              <span class="legend-swatch legend-dashed" style={{ borderColor: MSP_COLOUR }} aria-hidden="true" />
              {t('markets.mspLine', { year: overall.msp.marketingYear, price: formatNumber(overall.msp.mspInrPerQuintal) })}
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}

/** The days of the overall trend, each series' price on them (null where it has none) and the MSP line. */
function alignedData(series: Series[], overall: Trend, msp: (number | null)[] | undefined): uPlot.AlignedData {
  const days = overall.points.map((p) => p.date);
  const lines = series.map((s) => {
    const byDay = new Map(s.trend.points.map((p) => [p.date, p.modalPriceInrPerQuintal]));
    return days.map((day) => byDay.get(day) ?? null);
  });
  return [days.map(dayToSeconds), ...lines, ...(msp ? [msp] : [])];
}

function chartOptions(series: Series[], msp: (number | null)[] | undefined, width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    series: [
      {},
      ...series.map((s, i) => {
        const colour = COLOURS[i % COLOURS.length]!;
        // Filled dots: a mandi often has a price on one day only, which no line joins.
        return { label: s.label, stroke: colour, width: 2, spanGaps: true, points: { show: true, size: 10, width: 2, fill: colour } };
      }),
      ...(!msp ? [] : [{ label: 'MSP', stroke: MSP_COLOUR, width: 2, dash: [8, 6], points: { show: false } }]),
    ],
    axes: [
      { values: (_u, splits) => splits.map(shortDay), stroke: '#4d5650' },
      { values: (_u, splits) => splits.map(rupees), size: 70, stroke: '#4d5650' },
    ],
  };
}
