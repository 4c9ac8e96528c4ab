import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDate, formatNumber, t } from '../../i18n';
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

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const days = overall.points.map((p) => p.date);
    const x = days.map(dayToSeconds);
    const lines = series.map((s) => {
      const byDay = new Map(s.trend.points.map((p) => [p.date, p.modalPriceInrPerQuintal]));
      return days.map((day) => byDay.get(day) ?? null);
    });
    const data: uPlot.AlignedData = [x, ...lines, ...(msp ? [msp] : [])];
    const options: uPlot.Options = {
      width: element.clientWidth,
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLOURS[i % COLOURS.length]!,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 7 },
        })),
        ...(!msp ? [] : [{ label: 'MSP', stroke: MSP_COLOUR, width: 2, dash: [8, 6], points: { show: false } }]),
      ],
      axes: [
        { values: (_u, splits) => splits.map(shortDay), stroke: '#4d5650' },
        { values: (_u, splits) => splits.map(rupees), size: 70, stroke: '#4d5650' },
      ],
    };
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, overall, msp]);

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
