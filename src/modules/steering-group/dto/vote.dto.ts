import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { VoteChoice } from '../../proposals/domain/written-procedure-decision.js';

export const VOTE_CHOICES = ['approve', 'object', 'abstain'] as const satisfies readonly VoteChoice[];

export class VoteDto {
  @ApiProperty({ enum: VOTE_CHOICES })
  @IsIn(VOTE_CHOICES, { message: `choice must be one of ${VOTE_CHOICES.join(', ')}` })
  choice: VoteChoice;

  @ApiPropertyOptional({ maxLength: 10000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  comment?: string | null;
}
