import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toInteger } from '../proposals/queries/list-proposals.query.js';

export class ProposalHistoryQuery {
  @ApiPropertyOptional({ description: 'Events per page (1–100)', default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(({ value }) => toInteger(value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of the previous page' })
  @Matches(/^[1-9]\d{0,17}$/, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;
}
