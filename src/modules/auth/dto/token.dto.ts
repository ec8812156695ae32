import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class TokenDto {
  @ApiProperty({ description: 'The token from the link in the e-mail' })
  @IsString()
  @Length(1, 200)
  token: string;
}
