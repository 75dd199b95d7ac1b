import { unreadBodyErrors } from './unread-body.interceptor.js';

describe('unreadBodyErrors', () => {
  it('should accept no body, null, an empty string and an empty object when an endpoint takes no body', () => {
    for (const body of [undefined, null, '', {}]) expect(unreadBodyErrors(body)).toEqual([]);
  });

  it('should name each field as unknown when an object with fields is sent', () => {
    expect(unreadBodyErrors({ bogus: 1, extraMinutes: 600 })).toEqual([
      { field: 'bogus', message: 'property bogus should not exist' },
      { field: 'extraMinutes', message: 'property extraMinutes should not exist' },
    ]);
  });

  it('should name the body when it is not an object', () => {
    for (const body of [[], [1], 'text', 0, false])
      expect(unreadBodyErrors(body)).toEqual([{ field: 'body', message: expect.stringContaining('takes no body') }]);
  });
});
