import { escapeXml, lineChart, niceMax } from './svg-chart.js';

describe('svg line chart', () => {
  it('should pick a 1-2-5 tick step at or above the maximum when scaling the y axis', () => {
    expect(niceMax(118)).toEqual({ top: 150, step: 50 });
    expect(niceMax(7)).toEqual({ top: 8, step: 2 });
    expect(niceMax(0)).toEqual({ top: 4, step: 1 });
  });

  it('should draw one polyline per run of values and a dot for a lone value when there are gaps', () => {
    const svg = lineChart({
      title: 'Hours to feedback',
      unit: 'hours',
      labels: ['a', 'b', 'c', 'd'],
      series: [{ name: 'p50', className: 'line-p50', values: [10, 20, null, 40] }],
    });
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    // x spans 48..600 over 3 steps; y maps 0..40 (top 40) onto 204..24.
    expect(svg).toContain('<polyline points="48.0,159.0 232.0,114.0"/>');
    expect(svg).toContain('<circle cx="600.0" cy="24.0" r="3"/>');
  });

  it('should escape every text when titles or labels hold markup', () => {
    const svg = lineChart({
      title: '<script>',
      unit: 'h',
      labels: ['"x"&'],
      series: [{ name: "<b>'", className: 'c', values: [1] }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&quot;x&quot;&amp;');
    expect(escapeXml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it('should still render axes when there is no data at all', () => {
    const svg = lineChart({
      title: 'Empty',
      unit: 'h',
      labels: [],
      series: [{ name: 'p50', className: 'c', values: [] }],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).not.toContain('<polyline');
  });
});
