import { type ArgumentMetadata, Injectable, ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestValidationError } from '../errors/domain-error.js';
import { type FieldError } from '../errors/problem-details.dto.js';
import { IS_OBJECT_EACH, nonObjectIndices } from './is-object-each.js';
import { findUnsafeText } from './unsafe-text.js';

/** Flattens nested class-validator errors into `{ field: "sections[2].title", message }`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    // IsObjectEach is named per element, as a nested error would be (`sections[0] must be an object`), and what
    // ValidateNested then found inside such an element (an array) is left out.
    const notObjects =
      error.constraints?.[IS_OBJECT_EACH] !== undefined ? nonObjectIndices(error.value).map(String) : [];
    const own = Object.entries(error.constraints ?? {}).flatMap(([constraint, message]) =>
      constraint === IS_OBJECT_EACH && notObjects.length > 0
        ? notObjects.map((i) => ({ field: `${field}[${i}]`, message: `${field}[${i}] must be an object` }))
        : [{ field, message }],
    );
    const children = (error.children ?? []).filter((child) => !notObjects.includes(child.property));
    return [...own, ...toFieldErrors(children, field)];
  });
}

/** What a whole body, query string or path names itself when it is the offending value. */
const ROOT_NAMES: Partial<Record<ArgumentMetadata['type'], string>> = { body: 'body', query: 'query', param: 'path' };

/**
 * The global pipe: every body, query string and path parameter of every route is first checked for text the
 * service cannot store (NUL, unpaired surrogates; see unsafe-text.ts), on the raw input and its keys, then
 * validated against its DTO: unknown fields and wrong types are a 400 problem that names each field.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const root = ROOT_NAMES[metadata.type];
    if (root !== undefined) {
      const unsafe = findUnsafeText(value, metadata.data ?? root, metadata.data ?? '');
      if (unsafe.length > 0) throw new RequestValidationError(unsafe);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // Kept on each error for IsObjectEach, which names the offending elements (errors never echo values).
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new RequestValidationError(toFieldErrors(errors)),
  });
}
