import { jest } from '@jest/globals';
import { Lexer } from 'marked';
import {
  checkMarkdown,
  MARKDOWN_LIMITS,
  markdownAsText,
  MarkdownRefusedError,
  renderMarkdown,
  renderMarkdownWithin,
} from './markdown.js';

describe('renderMarkdown', () => {
  it('should render headings, lists, emphasis and code when given ordinary Markdown', () => {
    const html = renderMarkdown('# Team\n\nWe **ship** weekly.\n\n- one\n- two\n\n```ts\nconst a = 1;\n```');
    expect(html).toContain('<h3>Team</h3>');
    expect(html).toContain('<strong>ship</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<pre><code class="language-ts">const a = 1;');
  });

  it('should drop script tags and their content when the Markdown embeds them', () => {
    const html = renderMarkdown('Hello\n\n<script>window.pwned = true</script>\n\n<SCRIPT src="/x.js"></SCRIPT>');
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('pwned');
    expect(html).toContain('Hello');
  });

  it('should strip event handler attributes when raw HTML carries them', () => {
    const html = renderMarkdown(
      '<p onclick="steal()">hi</p><img src="/logo.png" onerror="steal()"><a href="/x" onmouseover="steal()">x</a>',
    );
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).toContain('<p>hi</p>');
  });

  it('should remove javascript: and data: URLs when links or images use them', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:alert(1))',
    );
    expect(html.toLowerCase()).not.toContain('javascript:');
    expect(html).not.toContain('data:');
  });

  it('should keep http links and mark them noopener noreferrer when a reading links out', () => {
    const html = renderMarkdown('[docs](https://example.com/docs)');
    expect(html).toBe('<p><a href="https://example.com/docs" rel="noopener noreferrer">docs</a></p>\n');
  });

  it('should remove iframes, styles and forms when the HTML tries to embed them', () => {
    const html = renderMarkdown(
      '<iframe src="https://evil"></iframe><style>body{}</style><form action="/x"><input></form>ok',
    );
    expect(html).not.toMatch(/<(iframe|style|form|input)/i);
    expect(html).toContain('ok');
  });
});

/** `depth` lists, each item's list inside the previous one. */
const nestedLists = (depth: number): string =>
  Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');

describe('the Markdown bound', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should refuse 48 KB of `*_a` before the inline lexer runs when a reading repeats unclosed emphasis', () => {
    const inline = jest.spyOn(Lexer.prototype, 'inlineTokens');
    const hostile = '*_a'.repeat(16_000);

    expect(checkMarkdown(hostile)).toEqual(expect.objectContaining({ reason: 'too_complex' }));
    expect(renderMarkdownWithin(hostile).refusal).toEqual(expect.objectContaining({ reason: 'too_complex' }));
    expect(inline).not.toHaveBeenCalled();
  });

  it('should refuse 2 000 nested block quotes without overflowing the stack when a reading opens them all', () => {
    expect(renderMarkdownWithin(`${'>'.repeat(2000)} deep`).refusal).toEqual(
      expect.objectContaining({ reason: 'too_deep' }),
    );
    expect(renderMarkdownWithin(`${'> '.repeat(2000)}deep`).refusal?.reason).toBe('too_deep');
    expect(renderMarkdownWithin(`${'- '.repeat(2000)}deep`).refusal?.reason).toBe('too_deep');
    expect(() => renderMarkdown(`${'>'.repeat(2000)} deep`)).toThrow(MarkdownRefusedError);
  });

  it('should accept nesting up to the limit and refuse one level more when lists, quotes or emphasis nest', () => {
    const max = MARKDOWN_LIMITS.maxNesting;
    expect(renderMarkdownWithin(nestedLists(max)).html).toContain(`<li>level ${max}</li>`);
    expect(renderMarkdownWithin(nestedLists(max + 1)).refusal?.reason).toBe('too_deep');
    expect(renderMarkdownWithin(`${'> '.repeat(max)}quoted`).html).toContain('quoted');
    expect(renderMarkdownWithin(`${'> '.repeat(max + 1)}quoted`).refusal?.reason).toBe('too_deep');
    // Each `**` pair is one <strong> inside the last.
    expect(renderMarkdownWithin(`${'**'.repeat(max)}x${'**'.repeat(max)}`).html).toContain(
      `${'<strong>'.repeat(max)}x`,
    );
    expect(renderMarkdownWithin(`${'**'.repeat(max + 1)}x${'**'.repeat(max + 1)}`).refusal?.reason).toBe('too_deep');
  });

  it('should refuse before lexing inline when lines run on without a blank line for too long', () => {
    const inline = jest.spyOn(Lexer.prototype, 'inlineTokens');
    // Each `> >` line after a paragraph line makes marked re-read the run so far.
    expect(checkMarkdown('x\n> >\n'.repeat(5000))?.reason).toBe('too_complex');
    expect(inline).not.toHaveBeenCalled();
  });

  it('should refuse more than 50 000 characters when a reading is longer', () => {
    expect(checkMarkdown('a'.repeat(MARKDOWN_LIMITS.maxChars + 1))).toEqual({
      reason: 'too_large',
      message: expect.stringContaining('50000'),
    });
  });

  it('should render a long ordinary reading when its paragraphs, lists and code are separated by blank lines', () => {
    const section = [
      '## The team',
      'We **ship** weekly, review every change and keep [runbooks](https://example.com/runbooks) for `payout_job` and `ledger_sync`.',
      '- retries are idempotent\n- alerts page a human\n  - who can *roll back*',
      '> Correctness first, then speed.',
      '```ts\nconst total = cents.reduce((a, b) => a + b, 0);\n```',
      '| job | owner |\n|---|---|\n| payouts | **payments** |',
    ].join('\n\n');
    const reading = Array.from({ length: 130 }, () => section).join('\n\n');
    expect(reading.length).toBeGreaterThan(40_000);
    // A clock that stands still: this is about the structural bounds, not how fast this machine is today.
    const rendered = renderMarkdownWithin(reading, () => 0);
    expect(rendered.refusal).toBeUndefined();
    expect(rendered.html).toContain('<td><strong>payments</strong></td>');
  });

  it('should refuse the result when rendering took longer than the limit', () => {
    const times = [0, MARKDOWN_LIMITS.renderMs + 1];
    expect(renderMarkdownWithin('Hello', () => times.shift() ?? 0).refusal?.reason).toBe('too_slow');
  });
});

describe('markdownAsText', () => {
  it('should escape HTML and keep paragraphs when Markdown is shown as text', () => {
    expect(markdownAsText('a <script>x</script> & "b"\nnext\n\n\nsecond')).toBe(
      '<p>a &lt;script&gt;x&lt;/script&gt; &amp; &quot;b&quot;<br>\nnext</p>\n<p>second</p>\n',
    );
  });
});
