import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class ReviewerAssignmentDto {
  @ApiProperty({
    description: 'A user holding the reviewer role in the proposal’s policy area',
    format: 'uuid',
  })
  @IsUUID('all', { message: ({ property }) => `${property} must be a user id` })
  userId: string;

  @ApiProperty({
    description: 'When the assessment is due (ISO 8601, in the future)',
    example: '2027-03-01T12:00:00Z',
  })
  @IsISO8601(
    { strict: true },
    { message: ({ property }) => `${property} must be a date and time (ISO 8601)` },
  )
  dueAt: string;
}

export class AssignReviewersDto {
  @ApiProperty({ type: [ReviewerAssignmentDto], description: 'One or more reviewers with their due dates' })
  @IsArray()
  @ArrayMinSize(1, { message: 'reviewers must list at least one reviewer' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReviewerAssignmentDto)
  reviewers: ReviewerAssignmentDto[];

  @ApiPropertyOptional({ description: 'The proposal version last read (or If-Match); required', example: 2 })
  @ValidateIf((_object, value) => value !== undefined)
  @IsInt()
  @Min(1)
  version?: number;
}
