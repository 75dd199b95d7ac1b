import { ValidateBy, type ValidationOptions } from 'class-validator';

export const IS_OBJECT_EACH = 'isObjectEach';

/** Indices of the elements that are not objects (null and arrays are not objects here). */
export function nonObjectIndices(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((element: unknown, i) =>
    typeof element === 'object' && element !== null && !Array.isArray(element) ? [] : [i],
  );
}

/**
 * Every element of the array is an object. Needed beside ValidateNested({ each: true }), which descends into an
 * element that is itself an array instead of refusing it (`sections: [[]]` was stored). Unlike
 * IsObject({ each: true }), the 400 names each element (`sections[0]`; see toFieldErrors).
 */
export function IsObjectEach(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_OBJECT_EACH,
      validator: {
        validate: (value: unknown) => nonObjectIndices(value).length === 0,
        defaultMessage: () => 'each element of $property must be an object',
      },
    },
    options,
  );
}
