import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#65a30d', '#db2777'];

export interface ChartSeries {
  readonly label: string;
  readonly values: number[];
}

/**
 * A uPlot bar-ish line chart over days, with the same figures in a table for screen readers (the canvas
 * says nothing to them). Redrawn when the data or the width changes.
 */
export function DayChart(props: {
  title: string;
  days: string[];
  series: ChartSeries[];
  format?: (value: number) => string;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { days, series, format = String } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [
      days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
      ...series.map((s) => s.values),
    ];
    const make = () =>
      new uPlot(
        {
          width: Math.max(280, el.clientWidth),
          height: 220,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
          axes: [
            {},
            {
              values: (_u, splits) => splits.map((v) => format(v)),
              size: 70,
              ...(props.integer ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10_000] } : {}),
            },
          ],
          series: [
            {},
            ...series.map((s, i) => ({
              label: s.label,
              stroke: PALETTE[i % PALETTE.length]!,
              width: 2,
              points: { show: days.length <= 10 },
            })),
          ],
        },
        data,
        el,
      );
    let plot = make();
    // Resized on the next frame, not inside the observer's callback: resizing there changes the layout
    // being observed, and the browser reports "ResizeObserver loop completed with undelivered notifications".
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (plot && Math.abs(plot.width - el.clientWidth) > 4)
          plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 });
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      plot.destroy();
      plot = undefined as never;
    };
  }, [days.join(), JSON.stringify(series)]);
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  return (
    <figure class="chart" data-total={total}>
      <figcaption class="sr-only">{props.title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table class="sr-only">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">day</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, i) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {series.map((s) => (
                <td key={s.label}>{format(s.values[i] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
