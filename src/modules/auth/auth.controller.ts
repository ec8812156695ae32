import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService, NEUTRAL_ANSWERS, type Session } from './auth.service.js';
import { EmailDto } from './dto/email.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { TokenPasswordDto } from './dto/token-password.dto.js';
import { TokenDto } from './dto/token.dto.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Public()
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in: a 15-minute access token and a refresh token (rate-limited per address and IP)',
  })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<Session> {
    return this.auth.login(body.email, body.password, request.ip);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; a reused refresh token ends the whole login',
  })
  refresh(@Body() body: RefreshTokenDto): Promise<Session> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Log out: revokes the refresh token and every token of the same login' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Post('register')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Register as a project lead; the same answer whether or not the address already has an account',
  })
  async register(@Body() body: RegisterDto, @Req() request: FastifyRequest): Promise<{ message: string }> {
    await this.auth.register(body, request.ip);
    return { message: NEUTRAL_ANSWERS.register };
  }

  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Confirm the e-mail address with the token from the verification link' })
  async verifyEmail(@Body() body: TokenDto): Promise<void> {
    await this.auth.verifyEmail(body.token);
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a password reset link; the same answer whether or not the address exists',
  })
  async requestPasswordReset(
    @Body() body: EmailDto,
    @Req() request: FastifyRequest,
  ): Promise<{ message: string }> {
    await this.auth.requestPasswordReset(body.email, request.ip);
    return { message: NEUTRAL_ANSWERS.passwordReset };
  }

  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with the token from the reset link (single use); ends every session',
  })
  async resetPassword(@Body() body: TokenPasswordDto): Promise<void> {
    await this.auth.resetPassword(body.token, body.password);
  }

  @Post('accept-invitation')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Accept an invitation: set the password with the token from the invitation link' })
  async acceptInvitation(@Body() body: TokenPasswordDto): Promise<void> {
    await this.auth.acceptInvitation(body.token, body.password);
  }
}
