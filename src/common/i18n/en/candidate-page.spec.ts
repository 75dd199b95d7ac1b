import { CANDIDATE_PAGE_EN } from './candidate-page.js';

/**
 * The values the code passes for each message with placeholders (fill throws on a placeholder without one, and a
 * value with no placeholder is silently lost). A new placeholder, or a message that gains or loses one, fails here
 * until this list and the code that fills it agree.
 */
const FILLED_WITH: Record<string, readonly string[]> = {
  // candidate-page.presenter.ts and candidate-feedback.presenter.ts
  'page.minutesOne': ['n'],
  'page.minutesOther': ['n'],
  'page.questionsOne': ['n'],
  'page.questionsOther': ['n'],
  'page.kindsIntro': ['total', 'kinds'],
  'page.kindTextOne': ['n'],
  'page.kindTextOther': ['n'],
  'page.kindCodeOne': ['n'],
  'page.kindCodeOther': ['n'],
  'page.kindChoiceOne': ['n'],
  'page.kindChoiceOther': ['n'],
  'page.feedbackRule': ['period'],
  'page.privacyNote': ['period'],
  'page.daysOne': ['n'],
  'page.daysOther': ['n'],
  'page.hoursOne': ['n'],
  'page.hoursOther': ['n'],
  'page.readyText': ['minutes'],
  'page.startButton': ['minutes'],
  'page.questionHeading': ['number', 'count'],
  'page.chooseOne': ['number'],
  'page.answerLabel': ['number'],
  'page.answerLabelCode': ['number'],
  'page.answerLabelCodeIn': ['number', 'language'],
  'page.commentHint': ['max'],
  'page.answerHeading': ['number'],
  'page.commentsOnQuestion': ['number'],
  'page.onQuote': ['quote'],
  // src/web/browser/candidate.page.ts (and ratedUsefulness, ratedTest on the server too)
  'script.savedAt': ['time'],
  'script.notSavedRefused': ['reason'],
  'script.warningMinutes': ['n'],
  'script.extended': ['time'],
  'script.requiredEmptyOne': ['list'],
  'script.requiredEmptyOther': ['list'],
  'script.answeredCount': ['n', 'm'],
  'script.statusUnsavedOne': ['n'],
  'script.statusUnsavedOther': ['n'],
  'script.statusFailed': ['list'],
  'script.navQuestion': ['number'],
  'script.ratingNotSent': ['reason'],
  'script.ratedUsefulness': ['value', 'label'],
  'script.ratedTest': ['length', 'learning'],
  // candidate-page.filter.ts
  'problems.askAddress': ['address'],
  'problems.expiredAdvice': ['ask'],
};

/** Every message as [path, text]; a list of labels gives one entry per label. */
function messages(node: unknown, path: string): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  if (Array.isArray(node)) return node.flatMap((item, i) => messages(item, `${path}[${i}]`));
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => messages(value, path ? `${path}.${key}` : key));
  }
  throw new Error(`${path} is neither a message nor a group of messages`);
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('English candidate page catalogue', () => {
  const all = messages(CANDIDATE_PAGE_EN, '');

  it('should have no empty message when every message is walked', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter(([, text]) => text.trim() === '').map(([path]) => path)).toEqual([]);
  });

  it('should have exactly the placeholders the code fills when a message is filled', () => {
    const found = Object.fromEntries(
      all.filter(([, text]) => placeholders(text).length > 0).map(([path, text]) => [path, placeholders(text)]),
    );
    const expected = Object.fromEntries(Object.entries(FILLED_WITH).map(([path, names]) => [path, [...names].sort()]));
    expect(found).toEqual(expected);
  });

  it('should have five labels for each 1-to-5 rating when the rating forms are drawn', () => {
    const { lengthLabels, learningLabels, usefulnessLabels } = CANDIDATE_PAGE_EN.page;
    expect([lengthLabels.length, learningLabels.length, usefulnessLabels.length]).toEqual([5, 5, 5]);
  });

  it('should have no stray brace when a message has no placeholder', () => {
    const stray = all.filter(([, text]) => /[{}]/.test(text.replace(/\{\w+\}/g, ''))).map(([path]) => path);
    expect(stray).toEqual([]);
  });
});
