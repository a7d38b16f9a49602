import { useId } from 'react';
import { usePreferences } from '../../../app/preferences.tsx';
import { barsOf, niceCeiling } from './chart-scale.ts';

/** One bar: its label (a period) and value. */
export interface ChartPoint {
  key: string;
  label: string;
  value: number;
}

/**
 * A small bar chart drawn as SVG, no library: the bars stretch with the card (the SVG has no
 * text, so nothing gets squashed), the axis maximum and the first and last period are HTML. For
 * screen readers the SVG is one image whose name summarises the series; every number is in a
 * table behind "Show the numbers" for everybody.
 */
export function BarChart(props: {
  title: string;
  summary: string;
  points: readonly ChartPoint[];
  format: (value: number) => string;
  testId: string;
}) {
  const { t } = usePreferences();
  const headingId = useId();
  const max = Math.max(0, ...props.points.map((p) => p.value));
  const ceiling = niceCeiling(max);
  const bars = barsOf(
    props.points.map((p) => p.value),
    ceiling,
  );
  const first = props.points[0];
  const last = props.points.at(-1);
  return (
    <figure className="card insights-chart" aria-labelledby={headingId} data-testid={props.testId}>
      <h3 id={headingId}>{props.title}</h3>
      <div className="insights-plot">
        <span className="insights-axis-max">
          <span className="visually-hidden">{t('insights.charts.axisMax')}: </span>
          {props.format(ceiling)}
        </span>
        <svg role="img" aria-label={props.summary} viewBox="0 0 100 100" preserveAspectRatio="none" focusable="false">
          <line x1="0" y1="100" x2="100" y2="100" className="insights-baseline" vectorEffect="non-scaling-stroke" />
          {bars.map((b, i) =>
            b.height > 0 ? (
              <rect key={props.points[i]!.key} x={b.x} width={b.width} y={100 - b.height} height={b.height}>
                <title>{`${props.points[i]!.label}: ${props.format(props.points[i]!.value)}`}</title>
              </rect>
            ) : null,
          )}
        </svg>
      </div>
      <div className="insights-axis" aria-hidden="true">
        <span>{first?.label}</span>
        {last && last !== first && <span>{last.label}</span>}
      </div>
      <details className="insights-numbers">
        <summary>{t('insights.charts.showTable')}</summary>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={props.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('insights.charts.period')}</th>
                <th scope="col" className="insights-num">
                  {t('insights.charts.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.points.map((p) => (
                <tr key={p.key}>
                  <th scope="row">{p.label}</th>
                  <td className="insights-num">{props.format(p.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
