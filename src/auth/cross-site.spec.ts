import type { FastifyRequest } from 'fastify';
import { csrfTokenFor, isFormBodyOnJsonApi, isSameOrigin, sameToken } from './cross-site.js';

const request = (fields: {
  url?: string;
  origin?: string;
  host?: string;
  protocol?: string;
  contentType?: string;
}): FastifyRequest =>
  ({
    url: fields.url ?? '/api/v1/users',
    host: fields.host ?? 'candor.example:3000',
    protocol: fields.protocol ?? 'http',
    headers: { origin: fields.origin, 'content-type': fields.contentType },
  }) as unknown as FastifyRequest;

describe('cross-site checks', () => {
  it('should derive one token per session when the secret is the same', () => {
    expect(csrfTokenFor('secret', 'a')).toBe(csrfTokenFor('secret', 'a'));
    expect(csrfTokenFor('secret', 'a')).not.toBe(csrfTokenFor('secret', 'b'));
    expect(csrfTokenFor('secret', 'a')).not.toBe(csrfTokenFor('other', 'a'));
    expect(sameToken(csrfTokenFor('secret', 'a'), csrfTokenFor('secret', 'a'))).toBe(true);
    expect(sameToken(undefined, 'x')).toBe(false);
    expect(sameToken(['x'], 'x')).toBe(false);
  });

  it("should accept the public base URL's origin and the request's own, and nothing else", () => {
    expect(isSameOrigin(request({ origin: 'https://candor.example' }), 'https://candor.example')).toBe(true);
    expect(isSameOrigin(request({ origin: 'http://candor.example:3000' }), 'https://candor.example')).toBe(true);
    expect(isSameOrigin(request({ origin: 'https://evil.example' }), 'https://candor.example')).toBe(false);
    expect(isSameOrigin(request({ origin: 'https://candor.example.evil.example' }), 'https://candor.example')).toBe(
      false,
    );
    expect(isSameOrigin(request({ origin: 'null' }), 'https://candor.example')).toBe(false);
    expect(isSameOrigin(request({}), 'https://candor.example')).toBe(false);
    expect(isSameOrigin(request({ origin: 'not a url' }), 'https://candor.example')).toBe(false);
  });

  it('should flag the bodies a cross-site form can post when they go to a JSON route', () => {
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain;charset=UTF-8',
      'TEXT/PLAIN',
    ]) {
      expect(isFormBodyOnJsonApi(request({ contentType }))).toBe(true);
    }
    expect(isFormBodyOnJsonApi(request({ contentType: 'application/json' }))).toBe(false);
    expect(isFormBodyOnJsonApi(request({ contentType: 'text/csv' }))).toBe(false);
    expect(isFormBodyOnJsonApi(request({ url: '/login', contentType: 'application/x-www-form-urlencoded' }))).toBe(
      false,
    );
    expect(
      isFormBodyOnJsonApi(
        request({ url: '/integrations/greenhouse/send_test', contentType: 'application/x-www-form-urlencoded' }),
      ),
    ).toBe(true);
  });
});
