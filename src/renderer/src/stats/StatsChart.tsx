// One chart of the statistics view: the echarts canvas, its data as a table for screen readers (and tests), and
// buttons that save the data as CSV and the chart as PNG or SVG.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { toCsv, type CsvCell } from './csv';
import { blobOfDataUrl, downloadBlob } from './download';
import { echarts, type ChartOption } from './echarts';

export interface ChartTable {
  head: string[];
  rows: CsvCell[][];
}

/** CJK-capable fonts first: charts draw text on a canvas, where the page's CSS fonts do not apply. */
export const CHART_FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif";

interface Props {
  /** Names the test ids and the exported files. */
  id: string;
  title: string;
  option: ChartOption;
  table: ChartTable;
  /** Controls shown beside the title (e.g. the label of the top entities). */
  controls?: ReactNode;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  tall?: boolean;
}

/** No entry animation: what is on screen is at once what PNG and SVG exports hold. */
function withDefaults(option: ChartOption): ChartOption {
  return { textStyle: { fontFamily: CHART_FONT }, animation: false, ...option };
}

export function StatsChart({ id, title, option, table, controls, empty = null, tall = false }: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const tableId = useId();
  const fileBase = `galley-${id}`;

  useEffect(() => {
    if (empty !== null || !host.current) return;
    const instance = echarts.init(host.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [empty]);

  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option, empty]);

  function saveCsv(): void {
    downloadBlob(`${fileBase}.csv`, new Blob([toCsv([table.head, ...table.rows])], { type: 'text/csv;charset=utf-8' }));
  }

  function savePng(): void {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) downloadBlob(`${fileBase}.png`, blobOfDataUrl(url));
  }

  function saveSvg(): void {
    // The screen uses the canvas renderer; an SVG is drawn by a short-lived server-side-style SVG instance.
    const width = host.current?.clientWidth || 800;
    const height = host.current?.clientHeight || 400;
    const svgChart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
    try {
      svgChart.setOption({ ...withDefaults(option), backgroundColor: '#ffffff' });
      downloadBlob(`${fileBase}.svg`, new Blob([svgChart.renderToSVGString()], { type: 'image/svg+xml' }));
    } finally {
      svgChart.dispose();
    }
  }

  return (
    <section className="stats-card" data-testid={`stats-card-${id}`} aria-label={title}>
      <header className="stats-card__header">
        <h2 className="stats-card__title">{title}</h2>
        {controls}
        <span className="stats-card__spacer" />
        <div className="stats-card__actions" role="group" aria-label={t('stats.export')}>
          <button
            type="button"
            className="button button--small"
            onClick={saveCsv}
            disabled={empty !== null}
            title={t('stats.csvHint')}
            data-testid={`stats-csv-${id}`}
          >
            CSV
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={savePng}
            disabled={empty !== null}
            title={t('stats.pngHint')}
            data-testid={`stats-png-${id}`}
          >
            PNG
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={saveSvg}
            disabled={empty !== null}
            title={t('stats.svgHint')}
            data-testid={`stats-svg-${id}`}
          >
            SVG
          </button>
        </div>
      </header>
      {empty !== null ? (
        <p className="stats-card__empty" data-testid={`stats-empty-${id}`}>
          {empty}
        </p>
      ) : (
        <div
          ref={host}
          className={tall ? 'stats-chart stats-chart--tall' : 'stats-chart'}
          role="img"
          aria-label={title}
          aria-describedby={tableId}
          data-testid={`stats-chart-${id}`}
        />
      )}
      <table id={tableId} className="visually-hidden" data-testid={`stats-table-${id}`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            {table.head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={i}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
