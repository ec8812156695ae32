import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { toInteger } from './query-parsing.js';

const LIMIT_MESSAGE = 'limit must be a whole number from 1 to 100';
const CURSOR_MESSAGE = 'cursor must be the nextCursor of the previous page';

/** `limit` of a keyset-paginated list: 1–100, with the list's own default. */
export function PageLimit(defaultLimit: number, items = 'Items'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${items} per page (1–100)`,
      default: defaultLimit,
      minimum: 1,
      maximum: 100,
    }),
    IsOptional(),
    Transform(({ value }) => toInteger(value)),
    IsInt({ message: LIMIT_MESSAGE }),
    Min(1, { message: LIMIT_MESSAGE }),
    Max(100, { message: LIMIT_MESSAGE }),
  );
}

/** `cursor` of a keyset-paginated list: the opaque nextCursor of the previous page (optionally of a known shape). */
export function PageCursor(shape?: RegExp): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'The nextCursor of the previous page' }),
    IsOptional(),
    IsString({ message: CURSOR_MESSAGE }),
    shape ? Matches(shape, { message: CURSOR_MESSAGE }) : MaxLength(1000, { message: CURSOR_MESSAGE }),
  );
}
