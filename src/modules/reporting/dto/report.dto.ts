import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DELIVERABLE_STATUSES, type DeliverableStatus } from '../../proposals/entities/deliverable.entity.js';

export class CreateReportDto {
  @ApiProperty({
    description: "The reporting period: a year ('2026') or a half year ('2026-H1')",
    example: '2026',
  })
  @IsString({ message: 'periodLabel must be text' })
  @Length(1, 20, { message: 'periodLabel must be 1 to 20 characters' })
  periodLabel: string;
}

export class ReportItemPatchDto {
  @ApiProperty({ description: 'The deliverable this item reports on' })
  @IsUUID('all', { message: 'deliverableId must be a deliverable id' })
  deliverableId: string;

  @ApiPropertyOptional({ enum: DELIVERABLE_STATUSES })
  @IsOptional()
  @IsIn(DELIVERABLE_STATUSES, { message: `status must be one of ${DELIVERABLE_STATUSES.join(', ')}` })
  status?: DeliverableStatus;

  @ApiPropertyOptional({
    description: 'Value contributed to the indicator in this period (null clears)',
    nullable: true,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'contributedValue must be a number' })
  contributedValue?: number | null;

  @ApiPropertyOptional({
    description: 'Date the milestone was reached (YYYY-MM-DD; null clears)',
    nullable: true,
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'milestoneReachedOn must be a date (YYYY-MM-DD)' })
  milestoneReachedOn?: string | null;

  @ApiPropertyOptional({ description: 'What happened in the period' })
  @IsOptional()
  @IsString({ message: 'narrative must be text' })
  @MaxLength(10_000, { message: 'narrative must be at most 10000 characters' })
  narrative?: string;

  @ApiPropertyOptional({ description: 'Links (http or https) to evidence', type: [String] })
  @IsOptional()
  @IsArray({ message: 'evidenceLinks must be a list of links' })
  @ArrayMaxSize(20, { message: 'evidenceLinks may hold at most 20 links' })
  @IsString({ each: true, message: 'each evidence link must be text' })
  evidenceLinks?: string[];
}

export class PatchReportItemsDto {
  @ApiProperty({ description: 'The report version you read (optimistic locking)' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;

  @ApiProperty({ type: [ReportItemPatchDto] })
  @IsArray({ message: 'items must be a list' })
  @ArrayMaxSize(500, { message: 'items may hold at most 500 entries' })
  @ValidateNested({ each: true })
  @Type(() => ReportItemPatchDto)
  items: ReportItemPatchDto[];
}

export class ReportTransitionDto {
  @ApiProperty({ description: 'The report version you read (optimistic locking)' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;

  @ApiPropertyOptional({ description: 'A note (required when returning a report)' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(5000, { message: 'note must be at most 5000 characters' })
  note?: string;
}
