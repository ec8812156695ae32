import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** 10 to 128 characters (the upper bound keeps argon2 from being fed megabytes). */
export function IsNewPassword(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: 'A new password, 10 to 128 characters', minLength: 10, maxLength: 128 }),
    IsString(),
    Length(10, 128, { message: ({ property }) => `${property} must be 10 to 128 characters long` }),
  );
}
