import { type ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { RequestValidationError } from '../errors/domain-error.js';
import { IsObjectEach } from './is-object-each.js';
import { NotBlank, Trim } from './text-rules.js';
import { createValidationPipe, toFieldErrors } from './validation.pipe.js';

const error = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => ({
  property,
  constraints,
  children,
});

class ItemDto {
  @Trim() @IsString() @NotBlank() title: string;
}

class ListDto {
  @IsObjectEach()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];
}

/** The field errors a body gets from the global pipe, or the parsed DTO. */
async function run(body: unknown, metatype: new () => object = ListDto): Promise<unknown> {
  try {
    return await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (err) {
    if (err instanceof RequestValidationError) return err.fieldErrors;
    throw err;
  }
}

describe('toFieldErrors', () => {
  it('should name nested and indexed fields with a path when errors are nested in arrays', () => {
    const errors = [
      error('title', { isString: 'title must be a string' }),
      error('sections', undefined, [
        error('1', undefined, [error('options', { arrayMinSize: 'options must contain at least 2 elements' })]),
      ]),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'title', message: 'title must be a string' },
      { field: 'sections[1].options', message: 'options must contain at least 2 elements' },
    ]);
  });

  it('should list every broken constraint of a field when several fail', () => {
    expect(toFieldErrors([error('email', { isEmail: 'email must be an email', maxLength: 'too long' })])).toHaveLength(
      2,
    );
  });
});

describe('the global validation pipe', () => {
  it('should name each element, not what is inside it, when array elements are not objects', async () => {
    expect(await run({ items: [[{ title: '' }], { title: 'ok' }, null, 'x'] })).toEqual([
      { field: 'items[0]', message: 'items[0] must be an object' },
      { field: 'items[2]', message: 'items[2] must be an object' },
      { field: 'items[3]', message: 'items[3] must be an object' },
    ]);
  });

  it('should trim and then require text when a field is only spaces', async () => {
    expect(await run({ items: [{ title: '   ' }] })).toEqual([
      { field: 'items[0].title', message: 'title must not be empty or only spaces' },
    ]);
    expect(await run({ items: [{ title: '  Ada  ' }] })).toEqual({ items: [{ title: 'Ada' }] });
  });

  it('should refuse NUL and lone surrogates before validation when any body, query or path value has them', async () => {
    expect(await run({ items: [{ title: 'a\u0000' }], extra: true })).toEqual([
      { field: 'items[0].title', message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
    const pipe = createValidationPipe();
    await expect(pipe.transform({ status: '\ud800' }, { type: 'query' })).rejects.toMatchObject({
      fieldErrors: [{ field: 'status' }],
    });
    await expect(pipe.transform('a\u0000', { type: 'param', data: 'id' })).rejects.toMatchObject({
      fieldErrors: [{ field: 'id' }],
    });
    await expect(pipe.transform('\u0000', { type: 'custom' })).resolves.toBe('\u0000');
  });
});
