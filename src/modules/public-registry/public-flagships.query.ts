import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProposalFilterQuery, toInteger, toList } from '../proposals/queries/list-proposals.query.js';

export const PUBLIC_STATES = ['approved', 'completed'] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

/** Filters of the public registry (the CSV export takes the same, without paging). */
export class PublicFlagshipFilterQuery extends ProposalFilterQuery {
  @ApiPropertyOptional({
    description: 'approved (running flagships), completed, or both (repeat or separate with commas)',
    enum: PUBLIC_STATES,
    isArray: true,
  })
  @IsOptional()
  @Transform(({ value }) => toList(value))
  @IsIn(PUBLIC_STATES, { each: true, message: 'state must be approved or completed' })
  state?: PublicState[];
}

export class PublicFlagshipsQuery extends PublicFlagshipFilterQuery {
  @ApiPropertyOptional({ description: 'Items per page (1–100)', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Transform(({ value }) => toInteger(value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of the previous page' })
  @MaxLength(1000, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;
}
