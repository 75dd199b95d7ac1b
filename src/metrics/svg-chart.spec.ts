import { barChart, escapeXml, niceMax } from './svg-chart.js';

/** The numbers drawn as y-axis ticks, bottom up. */
const yTicks = (svg: string): string[] =>
  [...svg.matchAll(/<text class="tick" x="\d+" y="[\d.]+" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
const values = (svg: string): string[] =>
  [...svg.matchAll(/<text class="value[^"]*"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const bars = (svg: string): { height: number; width: number }[] =>
  [...svg.matchAll(/<rect class="chart-bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="([\d.]+)">/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));

describe('svg bar chart', () => {
  it('should pick a 1-2-5 tick step at or above the maximum when scaling the y axis', () => {
    expect(niceMax(118)).toEqual({ top: 150, step: 50 });
    expect(niceMax(7)).toEqual({ top: 8, step: 2 });
    expect(niceMax(0)).toEqual({ top: 4, step: 1 });
  });

  it('should keep every tick a whole number when the largest value is small', () => {
    expect(niceMax(1)).toEqual({ top: 1, step: 1 });
    expect(niceMax(2)).toEqual({ top: 2, step: 1 });
    expect(niceMax(3)).toEqual({ top: 3, step: 1 });
    const svg = barChart({
      title: 'Queue',
      unit: 'submissions',
      labels: ['1 Mar', '2 Mar'],
      bars: [{ name: 'awaiting feedback', className: 'series-queue', values: [1, 2] }],
    });
    expect(yTicks(svg)).toEqual(['0', '1', '2']);
    expect(svg).not.toMatch(/>\d+\.\d+</);
  });

  it('should draw visible, labelled bars when there is only one week of data', () => {
    const svg = barChart({
      title: 'Hours to feedback',
      unit: 'hours',
      labels: ['wk 9 Feb'],
      bars: [
        { name: 'median', className: 'series-p50', values: [60] },
        { name: 'p90', className: 'series-p90', values: [117.6] },
      ],
      levels: [{ name: 'feedback deadline', className: 'series-deadline', values: [120] }],
    });
    const drawn = bars(svg);
    expect(drawn).toHaveLength(2);
    for (const bar of drawn) {
      expect(bar.width).toBeGreaterThanOrEqual(20);
      expect(bar.height).toBeGreaterThan(50);
    }
    // Values rounded to whole hours above each bar; the constant deadline is named in the legend instead.
    expect(values(svg)).toEqual(['60', '118']);
    expect(svg.match(/<line class="level"/g)).toHaveLength(1);
    expect(svg).toContain('<title>wk 9 Feb, p90: 118 hours</title>');
  });

  it('should give each series a legend entry with its colour class when drawn', () => {
    const html = barChart({
      title: 'Hours to feedback',
      unit: 'hours',
      labels: ['wk 9 Feb', 'wk 16 Feb'],
      bars: [
        { name: 'median', className: 'series-p50', values: [60, null] },
        { name: 'p90', className: 'series-p90', values: [118, null] },
      ],
      levels: [{ name: 'feedback deadline', className: 'series-deadline', values: [120, 48] }],
    });
    const legend = html.slice(html.indexOf('</svg>'));
    expect(legend).toBe(
      '</svg><ul class="chart-legend">' +
        '<li class="series-p50"><span class="swatch swatch-bar" aria-hidden="true"></span>median</li>' +
        '<li class="series-p90"><span class="swatch swatch-bar" aria-hidden="true"></span>p90</li>' +
        '<li class="series-deadline"><span class="swatch swatch-level" aria-hidden="true"></span>feedback deadline</li>' +
        '</ul>',
    );
    // A deadline that changes is labelled where drawn; a week without feedback says "none".
    expect(values(html)).toEqual(['120', '48', '60', '118']);
    expect(html).toContain('>none</text>');
  });

  it('should name a constant deadline with its value in the legend', () => {
    const html = barChart({
      title: 'Hours',
      unit: 'hours',
      labels: ['a', 'b'],
      bars: [{ name: 'median', className: 'series-p50', values: [1, 2] }],
      levels: [{ name: 'feedback deadline', className: 'series-deadline', values: [120, 120] }],
    });
    expect(html).toContain('feedback deadline: 120 hours</li>');
  });

  it('should leave out value labels when bars are too narrow for them to fit side by side', () => {
    const svg = barChart({
      title: 'Queue',
      unit: 'submissions',
      labels: Array.from({ length: 120 }, (_, i) => `d${i}`),
      bars: [{ name: 'awaiting feedback', className: 'series-queue', values: Array.from({ length: 120 }, () => 150) }],
    });
    expect(bars(svg)).toHaveLength(120);
    expect(values(svg)).toEqual([]);
    // At most six x labels, so they do not run into each other.
    expect(svg.match(/text-anchor="middle">d\d+</g)).toHaveLength(6);
  });

  it('should space x labels so that none runs into the next when slots are narrow', () => {
    const labels = ['26 Jan', '2 Feb', '9 Feb', '16 Feb', '23 Feb', '2 Mar'];
    const svg = barChart({
      title: 'Weeks',
      unit: 'hours',
      labels,
      bars: [{ name: 'median', className: 'series-p50', values: labels.map(() => 1) }],
    });
    const xs = [...svg.matchAll(/<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="middle">/g)].map((m) =>
      Number(m[1]),
    );
    expect(xs.length).toBeGreaterThan(1);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual('16 Feb'.length * 7 + 8);
  });

  it('should size the chart by its viewBox only, so it shrinks to a phone', () => {
    const svg = barChart({ title: 'T', unit: 'h', labels: ['a'], bars: [{ name: 'n', className: 'c', values: [1] }] });
    const open = svg.slice(0, svg.indexOf('>'));
    expect(open).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(open).not.toMatch(/ (width|height)=/);
  });

  it('should escape every text when titles or labels hold markup', () => {
    const svg = barChart({
      title: '<script>',
      unit: 'h',
      labels: ['"x"&'],
      bars: [{ name: "<b>'", className: 'c', values: [1] }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain("<b>'");
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&quot;x&quot;&amp;');
    expect(escapeXml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it('should still render axes when there is no data at all', () => {
    const svg = barChart({
      title: 'Empty',
      unit: 'h',
      labels: [],
      bars: [{ name: 'p50', className: 'c', values: [] }],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).not.toContain('<rect');
    expect(yTicks(svg)).toEqual(['0', '1', '2', '3', '4']);
  });
});
