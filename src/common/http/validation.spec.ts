import { describe, expect, it } from '@jest/globals';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { AppError } from '../errors/app-error.js';
import { createValidationPipe } from './validation.js';

class OptionalQuery {
  @IsOptional()
  @IsString()
  q?: string;
}

class RequiredQuery {
  @IsInt({ message: 'from must be a whole number' })
  from!: number;
}

describe('the global validation pipe', () => {
  it('gives an empty query its DTO instance, every time', async () => {
    const pipe = createValidationPipe();
    const metadata = { type: 'query' as const, metatype: OptionalQuery };
    for (let i = 0; i < 3; i += 1) {
      await expect(pipe.transform({}, metadata)).resolves.toBeInstanceOf(OptionalQuery);
    }
  });

  it('still rejects an empty query when a field is required, every time, naming the field', async () => {
    const pipe = createValidationPipe();
    const metadata = { type: 'query' as const, metatype: RequiredQuery };
    for (let i = 0; i < 2; i += 1) {
      const error = await pipe.transform({}, metadata).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).errors).toEqual([{ field: 'from', message: 'from must be a whole number' }]);
    }
  });

  it('rejects unknown query parameters', async () => {
    const pipe = createValidationPipe();
    const error = await pipe
      .transform({ nope: '1' }, { type: 'query', metatype: OptionalQuery })
      .catch((caught: unknown) => caught);
    expect((error as AppError).errors).toEqual([{ field: 'nope', message: 'nope is not a known field' }]);
  });
});
