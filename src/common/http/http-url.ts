/** ATS and webhook URLs: absolute http(s); hosts may be internal, so no TLD is required (OUTBOUND_ALLOW_PRIVATE decides). */
export const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
