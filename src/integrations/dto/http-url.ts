/** ATS URLs: absolute http(s); hosts may be internal, so no TLD is required. */
export const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
