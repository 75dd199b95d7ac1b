import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { MARKDOWN_LIMITS, renderMarkdownWithin } from '../../common/markdown/markdown.js';

/**
 * Markdown that the bound accepts (src/common/markdown): not nested too deeply, not too complex, rendered in
 * time. Checked when an assessment is written, so what is published renders, and renders fast, once.
 */
@ValidatorConstraint({ name: 'renderableMarkdown', async: false })
export class RenderableMarkdownConstraint implements ValidatorConstraintInterface {
  /**
   * Why the value just validated was refused. class-validator asks for the message right after `validate`
   * returns false, in the same synchronous step, so this holds one entry at most.
   */
  private readonly refusals = new Map<string, string>();

  validate(value: unknown): boolean {
    // Not a string: IsString reports it. Too long: MaxLength does, without rendering anything.
    if (typeof value !== 'string' || value.length > MARKDOWN_LIMITS.maxChars) return true;
    const { refusal } = renderMarkdownWithin(value);
    if (refusal === undefined) return true;
    this.refusals.set(value, refusal.message);
    return false;
  }

  defaultMessage(args: ValidationArguments): string {
    const value = typeof args.value === 'string' ? args.value : '';
    const why = this.refusals.get(value) ?? 'cannot be rendered as Markdown';
    this.refusals.delete(value);
    return `$property ${why}`;
  }
}

export function IsRenderableMarkdown(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: RenderableMarkdownConstraint,
    });
}
