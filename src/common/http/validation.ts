import { ValidationError, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { AppError, type FieldError } from '../errors/app-error.js';

/** Flattens class-validator's tree into `{ field: 'partners[1].country', message }` items. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ field, message: humanize(message, error.property, field) });
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}

/** class-validator starts messages with the bare property name; say the full path instead. */
function humanize(message: string, property: string, field: string): string {
  if (message.startsWith(`property ${property} should not exist`)) return `${field} is not a known field`;
  return message.startsWith(property) ? `${field}${message.slice(property.length)}` : message;
}

/**
 * The global validation pipe, with one shortcut: most list and read requests come without query parameters,
 * and an empty query always validates the same way for a given DTO. The first empty query of each DTO is
 * validated in full; when it passes, later empty queries only get their (empty) instance.
 */
class AppValidationPipe extends ValidationPipe {
  private readonly emptyQueryPasses = new WeakMap<object, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type !== 'query' || !metatype || !isEmptyObject(value))
      return super.transform(value, metadata);
    if (this.emptyQueryPasses.get(metatype) === true) return plainToInstance(metatype, {});
    try {
      const result: unknown = await super.transform(value, metadata);
      this.emptyQueryPasses.set(metatype, true);
      return result;
    } catch (error) {
      this.emptyQueryPasses.set(metatype, false);
      throw error;
    }
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return AppError.badRequest(
        'VALIDATION_FAILED',
        `The request has ${fieldErrors.length} invalid field${fieldErrors.length === 1 ? '' : 's'}: ${fieldErrors
          .map((e) => e.field)
          .join(', ')}`,
        fieldErrors,
      );
    },
  });
}
