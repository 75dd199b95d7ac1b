import { renderMarkdown } from './markdown.js';

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
    const html = renderMarkdown('<p onclick="steal()">hi</p><img src="/logo.png" onerror="steal()"><a href="/x" onmouseover="steal()">x</a>');
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).toContain('<p>hi</p>');
  });

  it('should remove javascript: and data: URLs when links or images use them', () => {
    const html = renderMarkdown('[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:alert(1))');
    expect(html.toLowerCase()).not.toContain('javascript:');
    expect(html).not.toContain('data:');
  });

  it('should keep http links and mark them noopener noreferrer when a reading links out', () => {
    const html = renderMarkdown('[docs](https://example.com/docs)');
    expect(html).toBe('<p><a href="https://example.com/docs" rel="noopener noreferrer">docs</a></p>\n');
  });

  it('should remove iframes, styles and forms when the HTML tries to embed them', () => {
    const html = renderMarkdown('<iframe src="https://evil"></iframe><style>body{}</style><form action="/x"><input></form>ok');
    expect(html).not.toMatch(/<(iframe|style|form|input)/i);
    expect(html).toContain('ok');
  });
});
