import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageCursor, PageLimit } from '../../../common/http/pagination.js';
import { PROPOSAL_STATES, type ProposalState } from '../domain/proposal-state-machine.js';

/** `state=a&state=b` and `state=a,b` both give ['a', 'b']. */
export function toList(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item) => (typeof item === 'string' ? item.trim() : item));
}

function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

function upper(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

export const PROPOSAL_SORTS = ['updatedAt', 'createdAt', 'reference', 'title'] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** Filters shared by the list and the counts. */
export class ProposalFilterQuery {
  @ApiPropertyOptional({ description: 'Linked action code, e.g. C.1', example: 'C.1' })
  @IsOptional()
  @Transform(({ value }) => trimmed(value))
  @IsString({ message: 'actionCode must be one action code such as C.1' })
  @Matches(/^[A-Za-z0-9._-]{1,30}$/, { message: 'actionCode must be an action code such as C.1' })
  actionCode?: string;

  @ApiPropertyOptional({
    description: 'Country of the lead or a partner (ISO 3166-1 alpha-2)',
    example: 'LT',
  })
  @IsOptional()
  @Transform(({ value }) => upper(value))
  @IsString({ message: 'country must be one two-letter country code such as LT' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as LT' })
  country?: string;

  @ApiPropertyOptional({ description: 'Policy area code', example: 'SECURE' })
  @IsOptional()
  @Transform(({ value }) => upper(value))
  @IsString({ message: 'policyAreaCode must be one policy area code such as SECURE' })
  @Matches(/^[A-Z0-9_-]{1,40}$/, { message: 'policyAreaCode must be a policy area code such as SECURE' })
  policyAreaCode?: string;

  @ApiPropertyOptional({
    description:
      'Full-text search in title, acronym and summary (web search syntax: words, "phrases", -not, or)',
  })
  @IsOptional()
  @Transform(({ value }) => trimmed(value))
  @IsString({ message: 'q must be a single search text' })
  @MinLength(1, { message: 'q must not be empty' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

export class ListProposalsQuery extends ProposalFilterQuery {
  @ApiPropertyOptional({
    description: 'One or more states (repeat the parameter or separate with commas)',
    enum: PROPOSAL_STATES,
    isArray: true,
  })
  @IsOptional()
  @Transform(({ value }) => toList(value))
  @IsIn(PROPOSAL_STATES, { each: true, message: `state must be one of ${PROPOSAL_STATES.join(', ')}` })
  state?: ProposalState[];

  @ApiPropertyOptional({
    description: 'Order: updatedAt and createdAt newest first, reference and title A→Z',
    enum: PROPOSAL_SORTS,
    default: 'updatedAt',
  })
  @IsOptional()
  @IsIn(PROPOSAL_SORTS, { message: `sort must be one of ${PROPOSAL_SORTS.join(', ')}` })
  sort?: ProposalSort;

  @PageLimit(20)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
