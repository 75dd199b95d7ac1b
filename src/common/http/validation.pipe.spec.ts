import { type ValidationError } from '@nestjs/common';
import { toFieldErrors } from './validation.pipe.js';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe('toFieldErrors', () => {
  it('should name nested and indexed fields with a path when errors are nested in arrays', () => {
    const errors = [
      error('title', { isString: 'title must be a string' }),
      error('sections', undefined, [error('1', undefined, [error('options', { arrayMinSize: 'options must contain at least 2 elements' })])]),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'title', message: 'title must be a string' },
      { field: 'sections[1].options', message: 'options must contain at least 2 elements' },
    ]);
  });

  it('should list every broken constraint of a field when several fail', () => {
    expect(toFieldErrors([error('email', { isEmail: 'email must be an email', maxLength: 'too long' })])).toHaveLength(2);
  });
});
