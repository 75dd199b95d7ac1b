import { NOTHING_RENDERED, promptHtml, readingHtml, renderSections } from './rendered-content.js';

describe('renderSections', () => {
  it('should render readings in order and prompts by key when the sections are ordinary Markdown', () => {
    const { rendered, refusals } = renderSections([
      { kind: 'reading', body: 'We **ship**.' },
      { kind: 'question', key: 'constructor', prompt: 'Why `retry`?' },
      { kind: 'reading', body: 'Second.' },
    ]);
    expect(refusals).toEqual([]);
    expect(rendered).toEqual({
      readings: ['<p>We <strong>ship</strong>.</p>\n', '<p>Second.</p>\n'],
      prompts: { constructor: '<p>Why <code>retry</code>?</p>\n' },
    });
    // A key that is also an Object.prototype member is looked up as stored, like any other.
    expect(promptHtml(rendered, 'constructor', 'x')).toBe('<p>Why <code>retry</code>?</p>\n');
    expect(promptHtml(rendered, 'toString', 'Plain *text*')).toBe('<p>Plain *text*</p>\n');
  });

  it('should name each refused field and keep its text escaped when the bound refuses a body or a prompt', () => {
    const { rendered, refusals } = renderSections([
      { kind: 'question', key: 'q', prompt: '*_a'.repeat(16_000) },
      { kind: 'reading', body: `${'>'.repeat(100)} <b>` },
    ]);
    expect(refusals).toEqual([
      { field: 'sections[0].prompt', message: expect.stringMatching(/^prompt is too complex to render/) },
      {
        field: 'sections[1].body',
        message: expect.stringMatching(/^body nests block quotes, lists, emphasis or links more than 16 levels deep/),
      },
    ]);
    expect(rendered.readings).toEqual([`<p>${'&gt;'.repeat(100)} &lt;b&gt;</p>\n`]);
  });

  it('should fall back to escaped text when a version has nothing stored', () => {
    expect(readingHtml(NOTHING_RENDERED, 0, 'a <i>b</i>')).toBe('<p>a &lt;i&gt;b&lt;/i&gt;</p>\n');
  });
});
