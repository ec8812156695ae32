import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ValidateBy,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const COUNTRY_PATTERN = /^[A-Za-z]{2}$/;
const MAX_AMOUNT = 1_000_000_000_000;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused here, not by the database). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !ISO_DATE_PATTERN.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => isCalendarDate(value),
      defaultMessage: (args) => `${args?.property ?? 'date'} must be a date (YYYY-MM-DD)`,
    },
  });
}

export class PartnerDto {
  @ApiProperty({ example: 'Finnish Rescue Academy' })
  @IsString()
  @Length(1, 300)
  organisation: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'FI' })
  @Matches(COUNTRY_PATTERN, { message: ({ property }) => `${property} must be a two-letter country code` })
  country: string;

  @ApiProperty({ description: "The partner's role in the project", example: 'Training partner' })
  @IsString()
  @MaxLength(300)
  role: string;
}

export class FundingSourceDto {
  @ApiProperty({ example: 'Interreg Baltic Sea Region' })
  @IsString()
  @Length(1, 300)
  source: string;

  @ApiProperty({ description: 'Amount in EUR (cents at most)', example: 100000 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount: number;
}

export class IndicatorContributionDto {
  @ApiProperty({ description: 'Code of an indicator of the policy area', example: 'A.O1.I1' })
  @IsString()
  @Length(1, 50)
  indicatorCode: string;

  @ApiPropertyOptional({ description: 'Value the project plans to contribute', nullable: true, example: 3 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  plannedValue?: number | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class DeliverableInputDto {
  @ApiPropertyOptional({
    description: 'Id of an existing deliverable to keep (on edit); omit for a new one',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID('all', { message: ({ property }) => `${property} must be a deliverable id` })
  id?: string;

  @ApiProperty({ example: 'Joint cross-border exercise' })
  @IsString()
  @Length(1, 500)
  title: string;

  @ApiPropertyOptional({ description: 'Due date (YYYY-MM-DD), within the project period', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ description: 'Indicator the deliverable contributes to', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  indicatorCode?: string | null;

  @ApiPropertyOptional({
    description: 'Planned value for the indicator (omit for a milestone)',
    nullable: true,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  plannedValue?: number | null;

  @ApiPropertyOptional({ description: 'A milestone (reached or not) rather than a value', default: false })
  @IsOptional()
  @IsBoolean()
  isMilestone?: boolean;
}
