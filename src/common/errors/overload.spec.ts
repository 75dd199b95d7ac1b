import { isOverload } from './overload.js';

describe('isOverload', () => {
  it('should recognise the pool and the server refusing when no connection is to be had', () => {
    expect(isOverload(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isOverload(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isOverload(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toBe(true);
    expect(isOverload(Object.assign(new Error('query failed'), { driverError: { code: '57P03' } }))).toBe(true);
  });

  it('should leave every other error alone when it is not about capacity', () => {
    expect(isOverload(new Error('duplicate key value violates unique constraint'))).toBe(false);
    expect(isOverload(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isOverload('timeout exceeded when trying to connect')).toBe(false);
    expect(isOverload(null)).toBe(false);
  });
});
