/**
 * Small server-side SVG line charts for the dashboard: no script, no CDN, readable without JavaScript.
 * Numbers become coordinates; every text is escaped. Styling comes from classes in dashboard.css.
 */

export interface ChartSeries {
  name: string;
  /** One value per label; null leaves a gap. */
  values: (number | null)[];
  /** CSS class of the line (e.g. "line-p50", "line-deadline"). */
  className: string;
}

export interface LineChartSpec {
  title: string;
  labels: string[];
  series: ChartSeries[];
  unit: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 48, right: 40, top: 24, bottom: 36 };
const TICKS = 4;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tick step of 1, 2 or 5 × 10^n that gives about TICKS ticks up to max. */
export function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: TICKS, step: 1 };
  const raw = max / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

export function lineChart(spec: LineChartSpec): string {
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { top, step } = niceMax(all.length ? Math.max(...all) : 0);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const n = spec.labels.length;
  const x = (i: number): number => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => PAD.top + plotH - (v / top) * plotH;
  const r = (v: number): string => v.toFixed(1);

  const grid: string[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${r(y(v))}" y2="${r(y(v))}"/>`);
    grid.push(
      `<text class="tick" x="${PAD.left - 6}" y="${r(y(v) + 4)}" text-anchor="end">${escapeXml(formatTick(v))}</text>`,
    );
  }
  // At most ~8 x labels, evenly spread, so long windows stay legible.
  const every = Math.max(1, Math.ceil(n / 8));
  const xLabels = spec.labels
    .map((label, i) =>
      i % every === 0
        ? `<text class="tick" x="${r(x(i))}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeXml(label)}</text>`
        : '',
    )
    .join('');

  const lines = spec.series
    .map((s) => {
      // Consecutive non-null values form one polyline; a single point gets a dot.
      const runs: string[][] = [[]];
      s.values.forEach((v, i) => {
        if (v === null) runs.push([]);
        else runs[runs.length - 1].push(`${r(x(i))},${r(y(v))}`);
      });
      const shapes = runs
        .filter((run) => run.length > 0)
        .map((run) =>
          run.length === 1
            ? `<circle cx="${run[0].split(',')[0]}" cy="${run[0].split(',')[1]}" r="3"/>`
            : `<polyline points="${run.join(' ')}"/>`,
        )
        .join('');
      return `<g class="series ${escapeXml(s.className)}" data-series="${escapeXml(s.name)}">${shapes}</g>`;
    })
    .join('');

  const legend = spec.series
    .map(
      (s, i) =>
        `<g class="legend ${escapeXml(s.className)}" transform="translate(${PAD.left + i * 150},${HEIGHT - 6})"><line x1="0" x2="18" y1="-4" y2="-4"/><text x="24" y="0">${escapeXml(s.name)}</text></g>`,
    )
    .join('');

  return (
    `<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg" aria-label="${escapeXml(spec.title)}">` +
    `<title>${escapeXml(spec.title)}</title>` +
    `<text class="unit" x="4" y="12">${escapeXml(spec.unit)}</text>` +
    grid.join('') +
    xLabels +
    lines +
    legend +
    `</svg>`
  );
}

const formatTick = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));
