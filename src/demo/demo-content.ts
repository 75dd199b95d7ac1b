import { type CreateAssessmentDto } from '../assessments/dto/create-assessment.dto.js';

/**
 * A sample assessment for a fictional company. The readings are meant to teach: a candidate who reads them
 * knows more about the domain, the team's constraints and the job than before, and uses it in the answers.
 */
export const DEMO_ASSESSMENT: CreateAssessmentDto = {
  title: 'Tidewater Freight: reliable shipment events',
  roleTitle: 'Backend Engineer',
  team: 'Shipment Tracking',
  timeLimitMinutes: 90,
  startWindowDays: 7,
  feedbackDueHours: 72,
  sections: [
    {
      kind: 'reading',
      title: 'About Tidewater Freight',
      body: [
        'Tidewater Freight is a (fictional) 140-person company that books and tracks less-than-truckload freight for',
        'about 2,000 small manufacturers. A shipment is picked up, moves through two to five cross-dock terminals and',
        'is delivered; each step produces a **scan event** from a carrier.',
        '',
        'Our customers plan production around those events. A missed "delivered" scan means a factory waits for parts',
        'that already arrived; a duplicated "picked up" scan means an invoice is sent twice. **Correct, in order, exactly',
        'once** matters more to them than fast.',
      ].join('\n'),
    },
    {
      kind: 'reading',
      title: 'The Shipment Tracking team',
      body: [
        'Five engineers and a product manager. We own the pipeline that receives carrier webhooks, normalises them',
        "into `shipment_events` and updates each shipment's status.",
        '',
        'What we have learned the hard way:',
        '- Carriers **retry** webhooks for up to 24 hours and sometimes send the same event with a new request id.',
        '- Events arrive **out of order**: a terminal scan can arrive after the delivery scan.',
        '- Carrier clocks drift; we trust `occurred_at` from the carrier for ordering, and our own clock for SLAs.',
        '- We deploy on Tuesdays and Thursdays, pair on incidents, and write a short, blameless review after each one.',
      ].join('\n'),
    },
    {
      kind: 'reading',
      title: 'The role',
      body: [
        'You would join as a backend engineer on the ingestion path (TypeScript, PostgreSQL, a job queue).',
        'In the first three months you would make ingestion idempotent end to end and cut the "where is my',
        'shipment" support tickets in half. We value clear written reasoning over clever code: reviewers read',
        'your answers for trade-offs, not for the one right answer.',
        '',
        'This test takes 90 minutes. Answers save as you type; whatever is saved when the time runs out is',
        'submitted for you. Everyone gets written feedback within 72 hours.',
      ].join('\n'),
    },
    {
      kind: 'question',
      key: 'dedupe-design',
      type: 'text',
      prompt:
        'A carrier retries a "delivered" webhook three times over an hour, once with a new request id. Describe how you ' +
        'would make ingestion record it exactly once, what you would store, and what happens if two workers receive ' +
        'copies at the same moment.',
      required: true,
    },
    {
      kind: 'question',
      key: 'latest-status',
      type: 'code',
      prompt:
        'Write a function `latestStatus(events)` that takes scan events `{ shipmentId, type, occurredAt }` (possibly ' +
        'duplicated and out of order) and returns each shipment\'s current status, where "delivered" is final. ' +
        'Any language; say what you assume.',
      required: true,
    },
    {
      kind: 'question',
      key: 'ordering-clock',
      type: 'choice',
      prompt: 'Per the team notes, which timestamp should decide the order of two scans of the same shipment?',
      options: ['The time our server received the webhook', "The carrier's occurred_at", 'The webhook request id'],
      required: true,
    },
  ],
  rubric: [
    {
      key: 'correctness',
      title: 'Correctness',
      description: 'Duplicates, ordering and concurrency are handled.',
      maxScore: 5,
    },
    { key: 'reasoning', title: 'Reasoning', description: 'Trade-offs are named and justified.', maxScore: 5 },
    {
      key: 'use-of-context',
      title: 'Use of context',
      description: 'Uses what the readings taught about carriers and the team.',
      maxScore: 5,
    },
  ],
};
