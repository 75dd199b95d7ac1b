import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Trims a string before it is validated and stored ("  Backend  " is stored as "Backend"); other types pass. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/**
 * Some visible text: not empty and not only white space. With Trim() before it this is "required after
 * trimming"; alone (Markdown bodies, prompts, whose spacing matters) the value is kept as sent.
 */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => '$property must not be empty or only spaces',
      },
    },
    options,
  );
}
