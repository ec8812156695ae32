import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageCursor, PageLimit } from '../../common/http/pagination.js';
import { ProposalFilterQuery, toList } from '../proposals/queries/list-proposals.query.js';

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
  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
