import { redactReason } from './erasure-reason.js';

describe('redactReason', () => {
  it('should replace the address, its local part and the names when the reason quotes them', () => {
    expect(
      redactReason('Ana Lima (ana.lima@Example.test) asked by phone; ANA.LIMA confirmed', 'ana.lima@example.test', [
        'Ana Lima',
      ]),
    ).toBe('[erased] ([erased]) asked by phone; [erased] confirmed');
  });

  it('should replace a part of a name only as a whole word when the reason names the candidate by it', () => {
    expect(redactReason('Lima wrote; she is in Limassol', 'x@example.test', ['Ana Lima'])).toBe(
      '[erased] wrote; she is in Limassol',
    );
  });

  it('should keep the reason as written when it names nobody', () => {
    expect(redactReason('Request by email, ticket 42', 'x@example.test', ['Zoë Quinn'])).toBe(
      'Request by email, ticket 42',
    );
  });

  it('should treat the names as text when they hold characters a pattern would read', () => {
    expect(redactReason('Per (a.b) request', 'q@example.test', ['(a.b)'])).toBe('Per [erased] request');
  });
});
