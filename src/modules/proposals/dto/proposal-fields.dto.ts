import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  COUNTRY_PATTERN,
  DeliverableInputDto,
  FundingSourceDto,
  IndicatorContributionDto,
  IsCalendarDate,
  PartnerDto,
} from './proposal-parts.dto.js';

const isPresent = (_object: object, value: unknown): boolean => value !== undefined;

/**
 * The editable fields of a proposal, shared by create and edit. A draft may be incomplete: completeness is
 * checked at submit (eligibility). Arrays replace the stored list; null clears a nullable field.
 */
export class ProposalFieldsDto {
  @ApiPropertyOptional({ example: 'Joint exercises of the Baltic rescue services', maxLength: 20000 })
  @ValidateIf(isPresent)
  @IsString()
  @MaxLength(20000)
  summary?: string;

  @ApiPropertyOptional({ example: 'BALTRES', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  acronym?: string | null;

  @ApiPropertyOptional({ description: 'Codes of the linked actions of the action plan', example: ['A.1'] })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  actionCodes?: string[];

  @ApiPropertyOptional({ example: 'Swedish Civil Contingencies Agency', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  leadOrganisation?: string | null;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 code of the lead', example: 'SE', nullable: true })
  @IsOptional()
  @Matches(COUNTRY_PATTERN, { message: ({ property }) => `${property} must be a two-letter country code` })
  leadCountry?: string | null;

  @ApiPropertyOptional({ type: [PartnerDto] })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartnerDto)
  partners?: PartnerDto[];

  @ApiPropertyOptional({ description: 'Start of the project period (YYYY-MM-DD)', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  periodStart?: string | null;

  @ApiPropertyOptional({ description: 'End of the project period (YYYY-MM-DD)', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  periodEnd?: string | null;

  /** At most twelve digits before the decimal point (numeric(14, 2)). */
  @ApiPropertyOptional({ description: 'Total budget in EUR', example: 150000, nullable: true })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(999_999_999_999.99)
  budgetEur?: number | null;

  @ApiPropertyOptional({ type: [FundingSourceDto], description: 'Must add up to the budget at submit' })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FundingSourceDto)
  fundingSources?: FundingSourceDto[];

  @ApiPropertyOptional({ type: [IndicatorContributionDto] })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorContributionDto)
  indicatorContributions?: IndicatorContributionDto[];

  @ApiPropertyOptional({
    type: [DeliverableInputDto],
    description: 'Planned deliverables in order; on edit, items with an id keep that deliverable',
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeliverableInputDto)
  deliverables?: DeliverableInputDto[];
}
