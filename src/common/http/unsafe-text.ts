import { type FieldError } from '../errors/problem-details.dto.js';

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** At most this many fields are named: the point is to say what is wrong, not to echo a hostile body. */
const MAX_REPORTED = 20;

/**
 * Text PostgreSQL cannot store (NUL) or that is not Unicode at all (a lone surrogate cannot be encoded as
 * UTF-8): accepted, it failed later as a 500 in the database, a hash or a mail.
 */
export function isUnsafeText(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

/**
 * Every string (and object key) in a request value that is unsafe text, named by its path as the validation
 * errors name fields (`sections[2].title`); `root` names the value itself when it is a bare string. A key that
 * is unsafe names the object that holds it. Iterative, so a deep value cannot overflow the stack.
 */
export function findUnsafeText(value: unknown, root: string, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (isUnsafeText(current)) errors.push({ field: path || root, message: UNSAFE_TEXT_MESSAGE });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}[${i}]`]);
    } else if (typeof current === 'object' && current !== null && !ArrayBuffer.isView(current)) {
      const entries: [string, unknown][] = Object.entries(current);
      if (entries.some(([key]) => isUnsafeText(key)))
        errors.push({ field: path || root, message: `keys ${UNSAFE_TEXT_MESSAGE}` });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (!isUnsafeText(key)) stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return errors;
}
