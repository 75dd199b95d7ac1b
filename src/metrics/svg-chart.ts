/**
 * Small server-side SVG bar charts for the dashboard: no script, no CDN, readable without JavaScript.
 * Numbers become coordinates; every text is escaped. Colours come from the series classes in dashboard.css.
 * Bars (not lines) so that a single week or day of data is as visible as a year, each labelled with its value
 * when there is room; the SVG scales to its box (viewBox), so it fits a phone.
 */

export interface ChartSeries {
  name: string;
  /** One value per label; null means no data there. */
  values: (number | null)[];
  /** CSS class that colours the series and its legend entry (e.g. "series-p50"). */
  className: string;
}

export interface BarChartSpec {
  title: string;
  /** One per slot along the x axis (a week, a day). */
  labels: string[];
  /** Drawn as bars side by side in each slot. */
  bars: ChartSeries[];
  /** Drawn as a dashed level across each slot, e.g. the feedback deadline. */
  levels?: ChartSeries[];
  /** The y axis' unit, also used in each bar's tooltip ("60 hours"). */
  unit: string;
  /** What a slot without any bar says, per slot (default "none"). */
  emptyText?: (string | null)[];
}

export const WIDTH = 440;
export const HEIGHT = 250;
const PAD = { left: 40, right: 8, top: 30, bottom: 30 };
const TICKS = 4;
/** Widest a bar gets, so one lone week is a bar rather than a slab. */
const MAX_BAR = 44;
/** Rough width of a digit at the charts' 13-unit font, to tell whether value labels fit side by side. */
const DIGIT = 8;
/** Rough width of a letter of an axis label. */
const LETTER = 7;
/** Over this many slots, zero bars get no "0" label. */
const QUIET_ZEROS_ABOVE = 7;
/** At most this many x labels, so long windows stay legible on a phone. */
const MAX_X_LABELS = 6;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A whole-number tick step of 1, 2 or 5 × 10^n giving about TICKS ticks up to max: counts and whole hours
 * never get a 0.5 step.
 */
export function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: TICKS, step: 1 };
  const raw = max / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!,
  );
  return { top: Math.ceil(max / step) * step, step };
}

const r = (v: number): string => v.toFixed(1);
const valueText = (v: number): string => String(Math.round(v));
const numbers = (series: readonly ChartSeries[]): number[] =>
  series.flatMap((s) => s.values.filter((v): v is number => v !== null));

/** A level drawn the same everywhere is named once in the legend ("feedback deadline: 120 hours"). */
function constantLevel(s: ChartSeries): number | null {
  const values = s.values.filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  const first = Math.round(values[0]);
  return values.every((v) => Math.round(v) === first) ? first : null;
}

/** The chart as HTML: the SVG, then its legend as a list (real text, so it stays legible when the SVG shrinks). */
export function barChart(spec: BarChartSpec): string {
  const levels = spec.levels ?? [];
  const all = [...numbers(spec.bars), ...numbers(levels)];
  const { top, step } = niceMax(all.length ? Math.max(...all) : 0);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const baseline = PAD.top + plotH;
  const n = spec.labels.length;
  const slot = n === 0 ? plotW : plotW / n;
  const perSlot = Math.max(1, spec.bars.length);
  const gap = slot > 12 ? 2 : 0;
  const barW = Math.max(1, Math.min(MAX_BAR, (slot * 0.8 - gap * (perSlot - 1)) / perSlot));
  const groupW = barW * perSlot + gap * (perSlot - 1);
  const slotX = (i: number): number => PAD.left + i * slot;
  const barX = (i: number, k: number): number => slotX(i) + (slot - groupW) / 2 + k * (barW + gap);
  const y = (v: number): number => baseline - (v / top) * plotH;

  // Value labels only when neighbouring labels cannot overlap: the closest two bars are barW + gap apart
  // (within a slot) or slot − groupW + barW apart (across slots).
  const widest = Math.max(1, ...all.map((v) => valueText(v).length)) * DIGIT;
  const pitch = perSlot > 1 ? Math.min(barW + gap, slot - groupW + barW) : slot;
  const labelled = pitch >= widest + 2;

  const grid: string[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${r(y(v))}" y2="${r(y(v))}"/>`);
    grid.push(`<text class="tick" x="${PAD.left - 6}" y="${r(y(v) + 4)}" text-anchor="end">${v}</text>`);
  }
  // Few enough x labels for a phone, and far enough apart that the longest never runs into the next.
  const widestLabel = Math.max(0, ...spec.labels.map((l) => l.length)) * LETTER;
  const every = Math.max(1, Math.ceil(n / MAX_X_LABELS), Math.ceil((widestLabel + 8) / slot));
  const xLabels = spec.labels
    .map((label, i) =>
      i % every === 0
        ? `<text class="tick" x="${r(slotX(i) + slot / 2)}" y="${baseline + 18}" text-anchor="middle">${escapeXml(label)}</text>`
        : '',
    )
    .join('');

  const bars = spec.bars
    .map((s, k) => {
      const shapes = s.values
        .map((v, i) => {
          if (v === null) return '';
          const h = Math.max(0, baseline - y(v));
          const tip = `<title>${escapeXml(`${spec.labels[i] ?? ''}, ${s.name}: ${valueText(v)} ${spec.unit}`)}</title>`;
          const bar = `<rect class="chart-bar" x="${r(barX(i, k))}" y="${r(baseline - h)}" width="${r(barW)}" height="${r(h)}">${tip}</rect>`;
          // Zeros are labelled only in short charts: a month of daily zeros would be noise.
          const label =
            labelled && (v !== 0 || n <= QUIET_ZEROS_ABOVE)
              ? `<text class="value" x="${r(barX(i, k) + barW / 2)}" y="${r(baseline - h - 5)}" text-anchor="middle">${valueText(v)}</text>`
              : '';
          return bar + label;
        })
        .join('');
      return `<g class="series ${escapeXml(s.className)}" data-series="${escapeXml(s.name)}">${shapes}</g>`;
    })
    .join('');

  // A slot with no bar at all says so, rather than looking like a zero.
  const empty = labelled
    ? spec.labels
        .map((_, i) =>
          spec.bars.length > 0 && spec.bars.every((s) => s.values[i] === null || s.values[i] === undefined)
            ? `<text class="empty" x="${r(slotX(i) + slot / 2)}" y="${baseline - 5}" text-anchor="middle">${escapeXml(spec.emptyText?.[i] ?? 'none')}</text>`
            : '',
        )
        .join('')
    : '';

  const levelShapes = levels
    .map((s) => {
      const constant = constantLevel(s) !== null;
      const shapes = s.values
        .map((v, i) => {
          if (v === null) return '';
          const line = `<line class="level" x1="${r(slotX(i))}" x2="${r(slotX(i) + slot)}" y1="${r(y(v))}" y2="${r(y(v))}"><title>${escapeXml(`${spec.labels[i] ?? ''}, ${s.name}: ${valueText(v)} ${spec.unit}`)}</title></line>`;
          // A level that changes is labelled where it is drawn; a constant one in the legend.
          const label =
            labelled && !constant
              ? `<text class="value level-value" x="${r(slotX(i) + 3)}" y="${r(y(v) - 4)}">${valueText(v)}</text>`
              : '';
          return line + label;
        })
        .join('');
      return `<g class="series ${escapeXml(s.className)}" data-series="${escapeXml(s.name)}">${shapes}</g>`;
    })
    .join('');

  const svg =
    `<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" aria-label="${escapeXml(spec.title)}">` +
    `<title>${escapeXml(spec.title)}</title>` +
    `<text class="unit" x="4" y="14">${escapeXml(spec.unit)}</text>` +
    grid.join('') +
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${baseline}" y2="${baseline}"/>` +
    xLabels +
    levelShapes +
    bars +
    empty +
    `</svg>`;

  const legendItem = (s: ChartSeries, kind: 'bar' | 'level'): string => {
    const constant = kind === 'level' ? constantLevel(s) : null;
    const text = constant === null ? s.name : `${s.name}: ${constant} ${spec.unit}`;
    return `<li class="${escapeXml(s.className)}"><span class="swatch swatch-${kind}" aria-hidden="true"></span>${escapeXml(text)}</li>`;
  };
  const legend =
    `<ul class="chart-legend">` +
    spec.bars.map((s) => legendItem(s, 'bar')).join('') +
    levels.map((s) => legendItem(s, 'level')).join('') +
    `</ul>`;
  return svg + legend;
}
