import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';

export class RecommendDto {
  @ApiPropertyOptional({ description: 'The proposal version last read (or If-Match); required', example: 4 })
  @ValidateIf((_object, value) => value !== undefined)
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({
    description: 'When the written procedure closes (ISO 8601, in the future, at most a year ahead)',
    example: '2027-04-15T12:00:00Z',
  })
  @IsISO8601(
    { strict: true },
    { message: ({ property }) => `${property} must be a date and time (ISO 8601)` },
  )
  deadline: string;

  @ApiPropertyOptional({
    description: 'The recommendation to the steering group',
    maxLength: 10000,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  note?: string | null;
}
