import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { RECOMMENDATIONS, type Recommendation } from '../entities/assessment.entity.js';

const score = {
  message: ({ property }: { property: string }) => `${property} must be a whole number from 1 to 5`,
};

export class AssessmentScoresDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Macro-regional impact' })
  @IsInt(score)
  @Min(1, score)
  @Max(5, score)
  macroRegionalImpact: number;

  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: "Contribution to the policy area's actions and indicators",
  })
  @IsInt(score)
  @Min(1, score)
  @Max(5, score)
  contribution: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Partnership' })
  @IsInt(score)
  @Min(1, score)
  @Max(5, score)
  partnership: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Feasibility and readiness' })
  @IsInt(score)
  @Min(1, score)
  @Max(5, score)
  feasibility: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Sustainability of results' })
  @IsInt(score)
  @Min(1, score)
  @Max(5, score)
  sustainability: number;
}

export class AssessmentDto {
  @ApiProperty({ type: AssessmentScoresDto })
  @IsDefined({ message: 'scores are required' })
  @ValidateNested()
  @Type(() => AssessmentScoresDto)
  scores: AssessmentScoresDto;

  @ApiProperty({ enum: RECOMMENDATIONS })
  @IsIn(RECOMMENDATIONS, { message: `recommendation must be one of ${RECOMMENDATIONS.join(', ')}` })
  recommendation: Recommendation;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @Length(1, 20000, { message: 'comment must not be empty' })
  comment: string;
}
