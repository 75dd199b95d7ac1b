import { jest } from '@jest/globals';
import { checkSync } from 'recheck';
import { type RubricCriterion } from '../assessments/assessment.entity.js';
import {
  checkFeedback,
  checkText,
  type FeedbackInput,
  type FeedbackRuleOptions,
  feedbackTexts,
  foldText,
  NEAR_COPY_SIMILARITY,
  sentenceFingerprints,
  similarity,
  trigrams,
  type UnmetRule,
  UNTRUSTED_TEXT_PATTERNS,
  visibleLength,
} from './feedback-rules.js';

/*
 * Fixtures: one take-home task (a payout service: idempotency keys, retries against a flaky bank API, a ledger),
 * reviewed by several reviewers. Criterion keys differ from their titles so the messages can be checked for titles.
 */
const rubric: RubricCriterion[] = [
  { key: 'design', title: 'Design', maxScore: 5 },
  { key: 'tests', title: 'Testing', maxScore: 3 },
];
const MIN = 80;
const ZWSP = '\u200B';

const good = (): FeedbackInput => ({
  decision: 'advance',
  scores: { design: 4, tests: 0 },
  criteria: {
    design: 'The module boundaries follow the domain and each class has one job.',
    tests: 'No tests were written, so the retry logic is unverified.',
  },
  summary: 'A clear, working solution to the payout task that reads well and handles the main edge cases sensibly.',
  strengths:
    'Naming is precise, the idempotency key is stored with a request hash and the README explains the trade-offs you made.',
  improvements:
    'Add tests around concurrent requests with the same key, and handle the bank API timing out mid-request.',
});

const check = (input: FeedbackInput, options: Partial<FeedbackRuleOptions> = {}): UnmetRule[] =>
  checkFeedback(input, rubric, { minChars: MIN, ...options });
const fields = (input: FeedbackInput, options: Partial<FeedbackRuleOptions> = {}): string[] =>
  check(input, options).map((u) => u.field);
const messageOf = (unmet: UnmetRule[], field: string): string | undefined =>
  unmet.find((u) => u.field === field)?.message;
const sent = (text: string, mine: boolean) => ({ folded: foldText(text), mine });
const recurring = (...texts: string[]): Set<string> => new Set(texts.flatMap((t) => sentenceFingerprints(t)));

/** The submission the anchored comments point into: q3 was left unanswered. */
const anchorOptions: Partial<FeedbackRuleOptions> = {
  questions: [{ key: 'q1' }, { key: 'q2' }, { key: 'q3' }],
  answers: {
    q1: 'I store the idempotency key with a hash of the request body. On a retry the stored response is returned, so a payout is never sent twice.',
    q2: 'retryWithBackoff() doubles the delay after each failure and gives up after five attempts. On the first call the stored response is empty; when a payout is retried a second time, the stored response is sent again.',
    q3: '   ',
  },
};

/** Honest summaries of the SAME task by different reviewers (A wrote two of them, for two candidates). */
const honest = {
  A1: 'A solid payout service: POST /payouts stores the idempotency key with a hash of the request, so a retried request gets the first response instead of paying twice. The retry loop against the bank API uses exponential backoff but never gives up, and the ledger is updated outside the database transaction.',
  B2: 'The candidate built the payout endpoint with idempotency keys kept in Redis for 24 hours; a retry after they expire would pay out again. Retries to the bank use a fixed one-second delay and three attempts, which is reasonable, but failures are swallowed and the payout stays pending forever.',
  A3: 'A working payout service. Idempotency keys are checked before the payout is created, but two concurrent requests with the same key both pass the check, so the customer can be paid twice. Retries against the bank API use exponential backoff with jitter and stop after five attempts.',
  C4: 'Payouts are created idempotently: the idempotency key is a unique column, so a duplicate request fails on insert and the stored response is returned. Retries against the bank API back off exponentially and give up after a few attempts, and the ledger entry is written in the same transaction as the payout.',
};
/** Honest, short criterion comments of two reviewers on the same task (shared vocabulary, different findings). */
const honestShort: [string, string][] = [
  ['The idempotency key is stored with the request hash.', 'The idempotency key is stored in Redis for 24 hours.'],
  [
    '`retryWithBackoff()` never resets `attempt` after a success.',
    '`retryWithBackoff()` resets `attempt` but ignores `Retry-After`.',
  ],
  ['Retries use exponential backoff but never give up.', 'Retries use a fixed delay and give up after three attempts.'],
  [
    'No tests were written, so the retry logic is unverified.',
    'Only the happy path is tested; retries and duplicate payouts are not.',
  ],
];

describe('feedback rules', () => {
  describe('complete feedback', () => {
    it('should accept useful feedback when every rule is met', () => {
      expect(check(good())).toEqual([]);
    });

    it('should name every missing field when the feedback is empty', () => {
      expect(fields({}).sort()).toEqual(
        [
          'criteria.design',
          'criteria.tests',
          'decision',
          'improvements',
          'scores.design',
          'scores.tests',
          'strengths',
          'summary',
        ].sort(),
      );
    });

    it('should reject a decision when it is not advance or reject', () => {
      expect(check({ ...good(), decision: 'maybe' })).toEqual([
        { field: 'decision', message: 'Choose a decision: advance or reject.' },
      ]);
    });

    it('should honour FEEDBACK_MIN_CHARS when it is configured differently', () => {
      expect(fields(good(), { minChars: 200 })).toEqual(['summary', 'strengths', 'improvements']);
      expect(
        check(
          { ...good(), summary: 'Solid, readable solution with tests that cover the edge cases.' },
          { minChars: 40 },
        ),
      ).toEqual([]);
    });

    it('should reject a score when it is missing, fractional, negative, above maxScore or not a number', () => {
      expect(check({ ...good(), scores: { design: 4 } })).toEqual([
        { field: 'scores.tests', message: 'Give "Testing" a score from 0 to 3.' },
      ]);
      for (const bad of [2.5, -1, 4, '3']) {
        expect(check({ ...good(), scores: { design: 4, tests: bad } })).toEqual([
          { field: 'scores.tests', message: 'The score for "Testing" must be a whole number from 0 to 3.' },
        ]);
      }
      expect(fields({ ...good(), scores: { design: 4, tests: null } })).toEqual(['scores.tests']);
    });

    it('should accept the boundary scores 0 and maxScore when they are integers', () => {
      expect(fields({ ...good(), scores: { design: 0, tests: 3 } })).toEqual([]);
      expect(fields({ ...good(), scores: { design: 5, tests: 0 } })).toEqual([]);
    });

    it('should reject score and comment keys when they are not criteria of the rubric', () => {
      expect(
        check({
          ...good(),
          scores: { ...good().scores, style: 2 },
          criteria: { ...good().criteria, style: 'Consistent formatting across files.' },
        }),
      ).toEqual([
        { field: 'scores.style', message: '"style" is not a criterion of this rubric.' },
        { field: 'criteria.style', message: '"style" is not a criterion of this rubric.' },
      ]);
    });

    it('should reject a criterion comment when it is not a string, naming the criterion by its title', () => {
      expect(check({ ...good(), criteria: { ...good().criteria, tests: 42 } })).toEqual([
        { field: 'criteria.tests', message: 'The comment on "Testing" is required.' },
      ]);
    });

    it('should reject a criterion comment when it is shorter than 20 visible characters', () => {
      expect(check({ ...good(), criteria: { ...good().criteria, tests: 'Too few tests.' } })).toEqual([
        { field: 'criteria.tests', message: 'The comment on "Testing" must be at least 20 characters; it has 13.' },
      ]);
    });
  });

  describe('visible length: what a reader sees', () => {
    // Visible length counts the words and one separator between them: invisible code points count for nothing,
    // and a run of spaces, punctuation, symbols or emoji counts as one separator (none at either end). So
    // "Good work here." has 14 visible characters (the final full stop is a run at the end), however it is padded.
    it.each([
      ['70 zero-width spaces (U+200B)', ZWSP.repeat(70)],
      ['70 spaces', ' '.repeat(70)],
      ['runs of punctuation', ' !!! ... ??? --- *** ///'.repeat(5)],
      ['emoji', ' 👍🏽👍🏽🎉🎉✨✨🙂'.repeat(10)],
      ['braille blanks (U+2800)', ' \u2800'.repeat(70)],
      ['Hangul fillers (U+3164) and no-break spaces', '\u3164\u00A0'.repeat(35)],
      ['word joiners, soft hyphens and variation selectors', '\u2060\u00AD\uFE0F'.repeat(30)],
    ])('should refuse "Good work here." when it is padded with %s', (_kind, padding) => {
      const text = `Good work here.${padding}`;
      expect(visibleLength(text)).toBe(14);
      expect(checkText(text, MIN, 'Summary')).toBe('Summary must be at least 80 characters; it has 14.');
    });

    it('should refuse all three texts when each is "Good work here." padded with 70 zero-width spaces', () => {
      const padded = `Good work here.${ZWSP.repeat(70)}`;
      const unmet = check({ ...good(), summary: padded, strengths: padded, improvements: padded });
      expect(unmet).toEqual([
        { field: 'summary', message: 'Summary must be at least 80 characters; it has 14.' },
        { field: 'strengths', message: 'Strengths must be at least 80 characters; it has 14.' },
        { field: 'improvements', message: 'Improvements must be at least 80 characters; it has 14.' },
      ]);
    });

    it('should not count stacked combining marks when they pad a word', () => {
      const stacked = `Good work here, the task is done${'\u0301'.repeat(60)}.`;
      expect(visibleLength(stacked)).toBeLessThan(40);
      expect(checkText(stacked, MIN, 'Summary')).toMatch(/^Summary must be at least 80 characters; it has \d+\.$/);
      // Letters with one or two accents are ordinary letters (NFD or NFC input alike).
      expect(visibleLength('Déjà vu, Việt Nam'.normalize('NFD'))).toBe(visibleLength('Déjà vu, Việt Nam'));
    });
  });

  describe('placeholders and filler', () => {
    it.each([
      ['n/a'],
      ['N/A'],
      ['tbd'],
      ['TODO'],
      ['-'],
      ['...'],
      ['xxx'],
      ['asdf'],
      ['same as above'],
      ['[INSERT FEEDBACK HERE]'],
      ['{{feedback}}'],
      ['<your feedback here>'],
      [
        'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore.',
      ],
      [
        'L0rem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
      ],
      ['Lоrеm ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor (Cyrillic о and е).'],
      [
        'Dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.',
      ],
    ])('should refuse %j as placeholder text when it is the whole field', (text) => {
      expect(checkText(text, MIN, 'Summary')).toBe(
        'Summary is placeholder text: write what you actually saw in this submission.',
      );
    });

    it('should refuse a real text when a template marker was left in it', () => {
      expect(
        checkText(
          '[INSERT FEEDBACK HERE] The payout endpoint stores idempotency keys, but retries never stop when the bank is down.',
          MIN,
          'Strengths',
        ),
      ).toBe('Strengths is placeholder text: write what you actually saw in this submission.');
    });

    it.each([
      ['TBD repeated', 'TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD'],
      [
        'todo, see above and keyboard mashing',
        'todo: later, see above. xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx asdfasdfasdfasdfasdfasdf ok then',
      ],
      [
        'a short sentence padded with lorem ipsum',
        'Retries look fine. Lorem ipsum dolor sit amet, lorem ipsum dolor sit amet, lorem ipsum.',
      ],
      [
        'a short sentence padded with lorem ipsum without lorem and ipsum',
        'The retries and payouts work fine here. Consectetur adipiscing elit, sed do eiusmod tempor incididunt.',
      ],
    ])('should refuse a text when it is mostly filler: %s', (_kind, text) => {
      expect(checkText(text, MIN, 'Summary')).toMatch(
        /^Summary is (mostly )?placeholder text: write what you actually saw in this submission\.$/,
      );
    });
  });

  describe('real sentences', () => {
    it.each([
      ['one repeated character', 'a'.repeat(120)],
      ['one repeated word', 'good '.repeat(30)],
      ['two words repeated', 'good work '.repeat(15)],
      ['"a b c" repeated', 'a b c '.repeat(30)],
      ['the alphabet repeated', 'a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(4)],
      ['a short text padded by counting', `Good work here. ${Array.from({ length: 40 }, (_, i) => i + 1).join(' ')}`],
    ])('should refuse a text when it is %s', (_kind, text) => {
      expect(checkText(text, MIN, 'Summary')).toBe(
        'Summary must be real sentences, not repeated words, characters or punctuation.',
      );
    });

    it('should refuse a text when it is punctuation only', () => {
      expect(checkText('!?.,;:-'.repeat(20), MIN, 'Summary')).toBe(
        'Summary is placeholder text: write what you actually saw in this submission.',
      );
    });

    it.each([
      [
        'one sentence pasted five times',
        'The candidate did fine on the task and the answers were mostly okay. '.repeat(5),
      ],
      ['a cheer pasted four times', 'Nice work, keep it up! '.repeat(4)],
      ['two sentences pasted in turn', 'Good job overall. The code works. '.repeat(4)],
    ])('should count a repeated sentence once when it is %s', (_kind, text) => {
      expect(checkText(text, MIN, 'Summary')).toMatch(
        /^Summary needs at least 80 characters of your own words; it has \d+ \(a sentence repeated in it counts once\)\.$/,
      );
    });
  });

  describe('cost on hostile input', () => {
    // The draft endpoint checks every save. Unclosed brackets took about a minute in an unbounded template pattern;
    // the word segmenter, given a whole text at once, cost up to a second at 20,000 characters and ran out of
    // memory at 40,000. The work is bounded by construction, and these check the construction, not a stopwatch.
    it.each(Object.entries(UNTRUSTED_TEXT_PATTERNS))(
      'should not backtrack catastrophically when %s meets any input',
      (_name, pattern) => {
        // A fixed seed keeps the checker's fuzzing (used for bounded repeats) the same on every run.
        const verdict = checkSync(pattern.source, pattern.flags, { randomSeed: 1 });
        expect(verdict.status).toBe('safe');
      },
    );

    it.each([
      ['20,000 characters of short words', Array.from({ length: 2_500 }, (_, i) => `w${i} ok.`).join(' ')],
      ['20,000 Chinese characters without punctuation', '重试逻辑在成功后没有重置计数器'.repeat(1_330)],
    ])('should hand the word segmenter pieces of at most 256 characters when the text is %s', (_kind, text) => {
      const segment = jest.spyOn(Intl.Segmenter.prototype, 'segment');
      try {
        checkText(text, MIN, 'Summary', { recurringSentences: new Set(['x']) });
        const lengths = segment.mock.calls.map(([input]) => Array.from(input).length);
        expect(lengths.length).toBeGreaterThan(1);
        expect(Math.max(...lengths)).toBeLessThanOrEqual(256);
      } finally {
        segment.mockRestore();
      }
    });
  });

  describe('honest feedback that must pass', () => {
    it.each([
      [
        'German',
        {
          summary:
            'Eine saubere, gut lesbare Lösung für den Auszahlungsdienst. Doppelte Anfragen werden über den Idempotenzschlüssel erkannt, und die Wiederholungen gegen die Bank-API sind begrenzt.',
          strengths:
            'Die Module sind klar getrennt, die Namen sind präzise gewählt und das README erklärt nachvollziehbar, warum die Buchung in derselben Transaktion wie die Auszahlung passiert.',
          improvements:
            'Es fehlen Tests für gleichzeitige Anfragen mit demselben Schlüssel. Außerdem sollte der Zähler nach einem erfolgreichen Versuch zurückgesetzt werden.',
          criteria: {
            design: 'Klare Trennung zwischen Controller, Dienst und Bank-Client.',
            tests: 'Nur der Normalfall ist getestet, Fehlerfälle fehlen.',
          },
        },
      ],
      [
        'Spanish',
        {
          summary:
            'Una solución clara y bien organizada para el servicio de pagos. Las solicitudes duplicadas se detectan con la clave de idempotencia y los reintentos al banco tienen un límite razonable.',
          strengths:
            'Los módulos están bien separados, los nombres son precisos y el README explica por qué el asiento contable se escribe en la misma transacción que el pago.',
          improvements:
            'Faltan pruebas para dos solicitudes simultáneas con la misma clave. Además, el contador de reintentos debería reiniciarse después de un pago correcto.',
          criteria: {
            design: 'Buena separación entre el controlador, el servicio y el cliente del banco.',
            tests: 'Solo se prueba el caso normal; faltan los casos de error.',
          },
        },
      ],
      [
        'French',
        {
          summary:
            "Une solution claire et bien organisée pour le service de virements. Les requêtes en double sont détectées grâce à la clé d'idempotence et les nouvelles tentatives vers la banque sont limitées.",
          strengths:
            "Les modules sont bien séparés, les noms sont précis et le README explique pourquoi l'écriture comptable se fait dans la même transaction que le virement.",
          improvements:
            'Il manque des tests pour deux requêtes simultanées avec la même clé. Par ailleurs, le compteur de tentatives devrait être remis à zéro après un virement réussi.',
          criteria: {
            design: 'Bonne séparation entre le contrôleur, le service et le client bancaire.',
            tests: "Seul le cas nominal est testé ; les cas d'erreur manquent.",
          },
        },
      ],
    ])('should accept feedback when it is written plainly in %s', (_language, texts) => {
      expect(check({ ...good(), ...texts })).toEqual([]);
    });

    it('should accept a code-heavy criterion comment when it quotes identifiers', () => {
      expect(
        check({
          ...good(),
          criteria: { ...good().criteria, design: '`retryWithBackoff()` never resets `attempt` after a success' },
        }),
      ).toEqual([]);
      expect(
        checkText('`retryWithBackoff()` never resets `attempt` after a success', 20, 'The comment on "Design"'),
      ).toBeNull();
    });

    // Visible length counts characters (code points), in every script: what the reviewer can count on screen.
    // A Chinese or Japanese character carries more than a Latin letter, so the same minimum asks a little more
    // of a CJK reviewer; 20 characters is still one short sentence, and weighting scripts would make "it has N"
    // disagree with what the reviewer counts. Word counts use Intl.Segmenter, which splits CJK text into words.
    it.each([
      ['Chinese', '重试逻辑在成功后没有重置计数器，这会导致后续请求等待过久。'],
      ['Japanese', 'リトライ処理は成功後にカウンターをリセットしていません。'],
    ])('should accept a criterion comment in %s when it has at least 20 characters', (_language, comment) => {
      expect(visibleLength(comment)).toBeGreaterThanOrEqual(20);
      expect(check({ ...good(), criteria: { ...good().criteria, design: comment } })).toEqual([]);
    });

    it('should count each CJK character as one when a Chinese comment is shorter than 20 characters', () => {
      expect(checkText('重试逻辑在成功后没有重置计数器。', 20, 'The comment on "Design"')).toBe(
        'The comment on "Design" must be at least 20 characters; it has 15.',
      );
    });

    it('should accept feedback when one sentence also appears in other feedback but enough words are its own', () => {
      const shared = 'Thank you for taking the time to complete this assessment.';
      const summary = `${shared} The payout endpoint stores idempotency keys with a request hash, and the ledger is written in one transaction.`;
      expect(
        check(
          { ...good(), summary },
          { recurringSentences: recurring(shared), sentTexts: [sent(`${shared} ${honest.B2}`, false)] },
        ),
      ).toEqual([]);
    });
  });

  describe('no field repeats another', () => {
    const generic = 'The candidate did fine on the task and the answers were mostly okay and complete enough for us.';

    it('should refuse the later fields when one generic sentence is pasted everywhere', () => {
      const unmet = check({
        ...good(),
        summary: generic,
        strengths: generic,
        improvements: generic,
        criteria: { design: 'Good job, well done overall.', tests: 'Good job, well done overall.' },
      });
      expect(unmet).toEqual([
        {
          field: 'strengths',
          message: 'Strengths repeats the summary: each part of the feedback should say something of its own.',
        },
        {
          field: 'improvements',
          message: 'Improvements repeats the summary: each part of the feedback should say something of its own.',
        },
        {
          field: 'criteria.tests',
          message:
            'The comment on "Testing" repeats the comment on "Design": each part of the feedback should say something of its own.',
        },
      ]);
    });

    it.each([
      ['one word added', `${generic.replace('.', '')} really.`],
      ['Cyrillic look-alikes', generic.replace(/a/g, 'а').replace(/o/g, 'о')],
      ['upper case and no punctuation', generic.toUpperCase().replace(/[.,]/g, '')],
    ])('should refuse a field when it is nearly the same as an earlier one: %s', (_kind, copy) => {
      expect(fields({ ...good(), summary: generic, improvements: copy })).toEqual(['improvements']);
    });

    it('should refuse an anchored comment when it repeats a criterion comment', () => {
      const comments = [
        { questionKey: 'q1', quote: { exact: 'stored response is returned' }, text: good().criteria!.design as string },
      ];
      expect(check({ ...good(), comments }, anchorOptions)).toEqual([
        {
          field: 'comments[0].text',
          message:
            'Comment 1 on the answers repeats the comment on "Design": each part of the feedback should say something of its own.',
        },
      ]);
    });
  });

  describe('near copies of feedback sent for other submissions', () => {
    const mineA1 = [sent(honest.A1, true)];
    it.each([
      ['copied as is', honest.A1],
      ['copied in upper case without commas', honest.A1.toUpperCase().replace(/,/g, '')],
      ['one word added', honest.A1.replace('A solid', 'A really solid')],
      ['one word removed', honest.A1.replace('database ', '')],
      [
        'Latin a, e, o swapped for Cyrillic а, е, о',
        honest.A1.replace(/a/g, 'а').replace(/e/g, 'е').replace(/o/g, 'о'),
      ],
      ['one letter swapped for a look-alike', honest.A1.replace('solid', 'sоlid')],
      ['zero-width spaces inside words', honest.A1.replace(/payout/g, `pay${ZWSP}out`)],
      [
        'sentences reordered',
        honest.A1.split(/(?<=\.) /)
          .reverse()
          .join(' '),
      ],
    ])('should refuse a field when it is %s from feedback the reviewer already sent', (_kind, copy) => {
      expect(similarity(foldText(copy), mineA1[0].folded)).toBeGreaterThanOrEqual(0.9);
      expect(check({ ...good(), summary: copy }, { sentTexts: mineA1 })).toEqual([
        {
          field: 'summary',
          message:
            'Summary is the same or nearly the same as feedback you already sent to another candidate: write it for this submission.',
        },
      ]);
    });

    it('should say another reviewer sent it when the near copy is of feedback another reviewer sent', () => {
      expect(
        check(
          { ...good(), strengths: honest.B2.replace('reasonable', 'quite reasonable') },
          { sentTexts: [sent(honest.B2, false)] },
        ),
      ).toEqual([
        {
          field: 'strengths',
          message:
            'Strengths is the same or nearly the same as feedback another reviewer sent to another candidate: write what you saw in this submission.',
        },
      ]);
    });

    it('should say "you already sent" when both the reviewer and another reviewer sent the text', () => {
      expect(
        messageOf(
          check({ ...good(), summary: honest.A1 }, { sentTexts: [sent(honest.A1, false), sent(honest.A1, true)] }),
          'summary',
        ),
      ).toMatch(/you already sent/);
    });

    it('should refuse a short criterion comment when it was sent before with one word added', () => {
      expect(
        check(
          { ...good(), criteria: { ...good().criteria, design: 'Good job, well done overall here.' } },
          { sentTexts: [sent('Good job, well done overall.', true)] },
        ),
      ).toEqual([
        {
          field: 'criteria.design',
          message:
            'The comment on "Design" is the same or nearly the same as feedback you already sent to another candidate: write it for this submission.',
        },
      ]);
    });

    it('should accept honest summaries of the same task by the same or other reviewers when they share vocabulary', () => {
      const names = Object.keys(honest) as (keyof typeof honest)[];
      for (const a of names) {
        const others = names.filter((b) => b !== a).map((b) => sent(honest[b], b.startsWith('A')));
        for (const other of others) expect(similarity(foldText(honest[a]), other.folded)).toBeLessThan(0.5);
        expect(check({ ...good(), summary: honest[a] }, { sentTexts: others })).toEqual([]);
      }
    });

    it.each(honestShort)(
      'should accept short honest criterion comments with shared vocabulary: %j after %j',
      (a, b) => {
        expect(similarity(foldText(a), foldText(b))).toBeLessThan(NEAR_COPY_SIMILARITY);
        const criteria = { design: a, tests: 'Integration tests run the bank client against a stub server.' };
        expect(check({ ...good(), criteria }, { sentTexts: [sent(b, false)] })).toEqual([]);
      },
    );
  });

  describe('sentences sent to other candidates', () => {
    const boilerplate =
      'Thank you for taking the time to complete this assessment. We enjoyed reading your submission.';

    it('should not count recurring sentences toward the minimum length and say so', () => {
      const summary = `${boilerplate} Retries never stop.`;
      expect(visibleLength(summary)).toBeGreaterThan(MIN);
      expect(check({ ...good(), summary }, { recurringSentences: recurring(boilerplate) })).toEqual([
        {
          field: 'summary',
          message:
            'Summary needs at least 80 characters of your own words; it has 18 (sentences also sent to other candidates do not count).',
        },
      ]);
    });

    it('should recognise a recurring sentence when its case, punctuation or look-alike letters changed', () => {
      const disguised =
        'THANK YOU for tаking the time to complete this assessment!! We enjoyed reading your submissiоn';
      expect(sentenceFingerprints(disguised)).toEqual(sentenceFingerprints(boilerplate));
      expect(
        checkText(`${disguised}. Retries never stop.`, MIN, 'Summary', { recurringSentences: recurring(boilerplate) }),
      ).toMatch(/of your own words; it has 18 /);
    });

    it('should not count a one-word sentence as recurring when it is common', () => {
      expect(sentenceFingerprints('Thanks! Good.')).toEqual([]);
    });

    it('should split Chinese and Japanese text into sentences at full-width full stops', () => {
      expect(sentenceFingerprints('感谢你完成这个作业。重试逻辑在成功后没有重置计数器。')).toHaveLength(2);
      expect(sentenceFingerprints('感谢你完成这个作业。重试逻辑在成功后没有重置计数器。')[0]).toBe(
        sentenceFingerprints('感谢你完成这个作业。')[0],
      );
    });
  });

  describe('anchored comments', () => {
    const comment = (
      i: number,
      overrides: Partial<{
        questionKey: string;
        quote: { exact: string; prefix?: string; suffix?: string };
        text: string;
      }> = {},
    ) => ({
      questionKey: 'q1',
      quote: { exact: 'stored response is returned' },
      text: `Comment ${i}: returning the stored response also hides a changed request body; compare the hash first.`,
      ...overrides,
    });
    const withComments = (...comments: ReturnType<typeof comment>[]): FeedbackInput => ({ ...good(), comments });

    it('should accept comments when each quotes a passage of the answer it names', () => {
      expect(
        check(
          withComments(
            comment(1),
            comment(2, {
              questionKey: 'q2',
              quote: { exact: 'gives up after five attempts' },
              text: 'Five attempts at a 2× backoff wait about a minute in total.',
            }),
          ),
          { ...anchorOptions, minAnchoredComments: 2 },
        ),
      ).toEqual([]);
    });

    it.each([
      [0, "Comment on at least 1 passage of the candidate's answers (select the text in an answer); there are 0."],
      [1, "Comment on at least 2 passages of the candidate's answers (select the text in an answer); there is 1."],
    ])('should ask for more comments when there are fewer than minAnchoredComments (%i)', (count, message) => {
      const comments = Array.from({ length: count }, (_, i) => comment(i + 1));
      expect(check(withComments(...comments), { ...anchorOptions, minAnchoredComments: count + 1 })).toEqual([
        { field: 'comments', message },
      ]);
    });

    it.each([
      [
        'the quote is not in that answer',
        comment(1, { quote: { exact: 'the stored response is cached' } }),
        'comments[0].quote',
        "The passage comment 1 quotes is not in the candidate's answer to question 1: select it again in the answer.",
      ],
      [
        'the quote is in another answer',
        comment(1, { questionKey: 'q2', quote: { exact: 'stored response is returned' } }),
        'comments[0].quote',
        "The passage comment 1 quotes is not in the candidate's answer to question 2: select it again in the answer.",
      ],
      [
        'the quote is shorter than 8 visible characters',
        comment(1, { quote: { exact: 'key .. , ' } }),
        'comments[0].quote',
        'Comment 1 quotes too little: select at least 8 characters of the answer.',
      ],
      [
        'the question is unknown',
        comment(1, { questionKey: 'q9' }),
        'comments[0].questionKey',
        'Comment 1 points at a question this assessment does not have.',
      ],
      [
        'the question was not answered',
        comment(1, { questionKey: 'q3' }),
        'comments[0].quote',
        'Comment 1: question 3 was not answered, so there is no passage to comment on.',
      ],
      [
        'the text is too short',
        comment(1, { text: 'Nice.' }),
        'comments[0].text',
        'Comment 1 on the answers must be at least 20 characters; it has 4.',
      ],
      [
        'the text is padding',
        comment(1, { text: `Nice.${ZWSP.repeat(30)}🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉` }),
        'comments[0].text',
        'Comment 1 on the answers must be at least 20 characters; it has 4.',
      ],
      [
        'the text is a placeholder',
        comment(1, { text: '[INSERT FEEDBACK HERE]' }),
        'comments[0].text',
        'Comment 1 on the answers is placeholder text: write what you actually saw in this submission.',
      ],
    ])('should refuse a comment when %s', (_kind, bad, field, message) => {
      expect(check(withComments(bad), anchorOptions)).toEqual([{ field, message }]);
    });

    it('should accept a quote when prefix and suffix pick one of several matches', () => {
      const quote = { exact: 'the stored response', prefix: 'a second time, ', suffix: ' is sent again' };
      expect(check(withComments(comment(1, { questionKey: 'q2', quote })), anchorOptions)).toEqual([]);
    });

    it('should refuse a comment on the later one when two comments say the same thing', () => {
      const text = 'Returning the stored response hides a changed request body; compare the hash first.';
      expect(check(withComments(comment(1, { text }), comment(2, { text: `${text} Really.` })), anchorOptions)).toEqual(
        [
          {
            field: 'comments[1].text',
            message:
              'Comment 2 on the answers repeats comment 1 on the answers: each part of the feedback should say something of its own.',
          },
        ],
      );
    });

    it('should refuse a comment when it copies feedback sent to another candidate', () => {
      const text = 'Returning the stored response hides a changed request body; compare the hash first.';
      expect(fields(withComments(comment(1, { text })), { ...anchorOptions, sentTexts: [sent(text, false)] })).toEqual([
        'comments[0].text',
      ]);
    });
  });

  describe('messages', () => {
    const hostile: [string, FeedbackInput, Partial<FeedbackRuleOptions>][] = [
      ['empty feedback', {}, { minAnchoredComments: 2 }],
      [
        'texts of the wrong type',
        {
          decision: 'x',
          scores: { design: 'x', tests: {} },
          criteria: { design: null, tests: [] },
          summary: 3 as unknown as string,
        },
        {},
      ],
      [
        'malformed comments',
        {
          ...good(),
          comments: [
            null,
            {},
            { questionKey: 'q1' },
            { questionKey: 'q1', quote: {} },
            { questionKey: 'q1', quote: { exact: 12345678, prefix: 5 }, text: 'x' },
            { questionKey: 'q1', quote: { exact: 'hash of the request body' }, text: 5 },
          ] as never,
        },
        anchorOptions,
      ],
      [
        'comments that are not a list',
        { ...good(), comments: { 0: 'x' } as never },
        { ...anchorOptions, minAnchoredComments: 1 },
      ],
      [
        'padding everywhere',
        {
          ...good(),
          summary: '😀'.repeat(90),
          strengths: ZWSP.repeat(90),
          improvements: '\u2800'.repeat(90),
          criteria: { design: '.'.repeat(30), tests: 'ab'.repeat(20) },
        },
        {},
      ],
    ];

    it.each(hostile)(
      'should say in full sentences what to change when the feedback has %s',
      (_kind, input, options) => {
        const unmet = check(input, options);
        expect(unmet.length).toBeGreaterThan(0);
        for (const { field, message } of unmet) {
          expect(message).not.toMatch(/undefined|\[object|null|NaN/);
          expect(message).toMatch(/^[A-Z"].*[.]$/s);
          if (field.startsWith('criteria.') || field.startsWith('scores.'))
            expect(message).toMatch(/"(Design|Testing)"/);
          expect(message).not.toMatch(/"(design|tests)"/);
        }
      },
    );

    it.each([
      ['summary', 'Summary'],
      ['strengths', 'Strengths'],
      ['improvements', 'Improvements'],
    ] as const)('should start the message with the label when %s is refused', (field, label) => {
      expect(messageOf(check({ ...good(), [field]: 'n/a' }), field)).toMatch(new RegExp(`^${label} `));
    });
  });

  describe('folding and similarity (as pg_trgm computes it)', () => {
    it('should fold case, punctuation, spacing and invisible characters when comparing texts', () => {
      expect(foldText(`  Great   wo${ZWSP}rk, Ana!\n`)).toBe(foldText('great work ana'));
      expect(foldText('Great work, Ana!')).toBe(foldText('GREAT WORK ANA'));
    });

    it('should fold look-alike letters to one spelling when they come from other scripts', () => {
      expect(foldText('Gооd jоb, wеll dоnе')).toBe(foldText('Good job, well done'));
      expect(foldText('L0rem')).toBe(foldText('Lorem'));
      expect(foldText('Ｇｏｏｄ ｊｏｂ')).toBe(foldText('Good job'));
    });

    it('should give the trigrams and similarity PostgreSQL documents for pg_trgm', () => {
      expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
      expect([...trigrams('foo bar')].sort()).toEqual(['  b', '  f', ' ba', ' fo', 'ar ', 'bar', 'foo', 'oo ']);
      expect(similarity('word', 'two words')).toBeCloseTo(4 / 11, 6);
      expect(similarity('', 'word')).toBe(0);
    });

    it('should list every free text of a feedback in the order the reviewer writes them', () => {
      const texts = feedbackTexts(
        { ...good(), comments: [{ questionKey: 'q1', quote: { exact: 'stored response' }, text: 'x' }] },
        rubric,
        MIN,
      );
      expect(texts.map((t) => [t.field, t.label, t.minChars])).toEqual([
        ['summary', 'Summary', MIN],
        ['strengths', 'Strengths', MIN],
        ['improvements', 'Improvements', MIN],
        ['criteria.design', 'The comment on "Design"', 20],
        ['criteria.tests', 'The comment on "Testing"', 20],
        ['comments[0].text', 'Comment 1 on the answers', 20],
      ]);
    });
  });
});
