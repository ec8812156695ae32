import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class DeclarationDto {
  @ApiProperty({ description: 'true: I have a conflict of interest with this proposal; false: I have none' })
  @IsBoolean()
  conflict: boolean;

  @ApiPropertyOptional({
    description: 'Explanation (e.g. the nature of the conflict)',
    maxLength: 5000,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}
