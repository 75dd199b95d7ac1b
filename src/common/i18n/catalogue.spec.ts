import { fill, pickLocale } from './catalogue.js';

describe('message catalogue', () => {
  it('should pick English when the browser asks for a language Candor does not have yet', () => {
    expect(pickLocale('de-DE,de;q=0.9')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(pickLocale('fr;q=0.8, en-GB;q=0.7')).toBe('en');
  });

  it('should fill placeholders and throw when a value is missing', () => {
    expect(fill('{n} of {m} answered', { n: 2, m: 3 })).toBe('2 of 3 answered');
    expect(() => fill('Hello {name}', {})).toThrow('No value for {name}');
  });
});
