import { Clock } from '../../src/common/clock/clock.js';

/** A clock the test moves by hand. */
export class FakeClock extends Clock {
  private current: Date;

  constructor(start: Date | string = '2026-03-02T09:00:00.000Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }

  advanceMinutes(minutes: number): Date {
    return this.advance(minutes * 60_000);
  }

  advanceHours(hours: number): Date {
    return this.advance(hours * 3_600_000);
  }
}
