import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token returned by login or by the previous refresh' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}
