import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';

export class AddDeliverableDto {
  @ApiProperty({ description: 'What will be delivered', example: 'Joint exercise report' })
  @IsString({ message: 'title must be text' })
  @Length(1, 300, { message: 'title must be 1 to 300 characters' })
  title: string;

  @ApiProperty({ description: 'Due date (YYYY-MM-DD)', example: '2027-06-30' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate: string;

  @ApiPropertyOptional({
    description: 'Code of the indicator it contributes to (e.g. D.O1.I1)',
    nullable: true,
  })
  @IsOptional()
  @IsString({ message: 'indicatorCode must be text' })
  indicatorCode?: string | null;

  @ApiPropertyOptional({ description: 'Planned contribution to the indicator', nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'plannedValue must be a number' })
  @Min(0, { message: 'plannedValue must not be negative' })
  plannedValue?: number | null;

  @ApiPropertyOptional({ description: 'A milestone (reached or not) rather than a value', default: false })
  @IsOptional()
  @IsBoolean({ message: 'isMilestone must be true or false' })
  isMilestone?: boolean;
}

export class RescheduleDeliverableDto {
  @ApiProperty({ description: 'The new due date (YYYY-MM-DD)', example: '2027-12-31' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate: string;

  @ApiProperty({ description: 'Why the deliverable moves (kept in its history)' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 2000, { message: 'reason is required (1 to 2000 characters)' })
  reason: string;

  @ApiProperty({ description: 'The deliverable version you read (optimistic locking)' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;
}

export class CancelDeliverableDto {
  @ApiProperty({ description: 'Why the deliverable is cancelled (kept in its history)' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 2000, { message: 'reason is required (1 to 2000 characters)' })
  reason: string;

  @ApiProperty({ description: 'The deliverable version you read (optimistic locking)' })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version: number;
}
