import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenService } from './access-token.service.js';
import { AccountTokenService } from './account-token.service.js';
import type { AuthUser } from './auth-user.js';
import { AuthUserLoader } from './auth-user.loader.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { RefreshTokenReusedError, RefreshTokenService } from './refresh-token.service.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: AuthUser;
}

export interface Registration {
  email: string;
  password: string;
  name: string;
  organisation: string;
  country: string;
  language?: string;
}

interface LoginRow {
  id: string;
  password_hash: string | null;
  email_verified_at: Date | null;
  deactivated_at: Date | null;
}

/** The same answer whether or not the address has an account. */
export const NEUTRAL_ANSWERS = {
  register:
    'Thank you. If this address can be used for a new account, we have sent a link to confirm it; it is valid for 48 hours.',
  passwordReset:
    'If an account uses this address, we have sent a link to choose a new password; it is valid for one hour.',
} as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Login, sessions, self-registration, e-mail verification, password reset and accepting an invitation. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly accountTokens: AccountTokenService,
    private readonly users: AuthUserLoader,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  async login(rawEmail: string, password: string, ip: string): Promise<Session> {
    const email = normaliseEmail(rawEmail);
    await this.limiter.hit('login', { email, ip });
    const rows = (await this.dataSource.query(
      `SELECT id, password_hash, email_verified_at, deactivated_at FROM users WHERE lower(email) = $1`,
      [email],
    )) as LoginRow[];
    const row = rows[0];
    const valid = row?.password_hash
      ? await this.passwords.verify(row.password_hash, password)
      : await this.passwords.verifyDummy(password);
    const failure = !row
      ? 'unknown_email'
      : !valid
        ? 'wrong_password'
        : row.deactivated_at
          ? 'deactivated'
          : null;
    if (failure || !row) {
      await this.audit.record(this.dataSource.manager, {
        actorId: null,
        action: 'auth.login_failed',
        entityType: row ? 'user' : 'login',
        entityId: row ? row.id : email.slice(0, 320),
        data: { reason: failure, ip },
      });
      throw new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail address or the password is not correct');
    }
    if (!row.email_verified_at) {
      throw new AppError(
        403,
        'EMAIL_NOT_VERIFIED',
        'Confirm your e-mail address first: follow the link we sent when you registered',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      if (row.password_hash && this.passwords.needsRehash(row.password_hash)) {
        await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
          row.id,
          await this.passwords.hash(password),
        ]);
      }
      await this.audit.record(manager, {
        actorId: row.id,
        action: 'auth.login',
        entityType: 'user',
        entityId: row.id,
        data: { ip },
      });
      return this.startSession(manager, row.id);
    });
  }

  async refresh(token: string): Promise<Session> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { userId, next } = await this.refreshTokens.rotate(manager, token);
        return this.sessionFor(userId, next.token);
      });
    } catch (error) {
      if (error instanceof RefreshTokenReusedError) {
        await this.dataSource.transaction(async (manager) => {
          await this.refreshTokens.revokeFamily(manager, error.familyId);
          await this.audit.record(manager, {
            actorId: null,
            action: 'auth.refresh_token_reused',
            entityType: 'user',
            entityId: error.userId,
            data: { familyId: error.familyId },
          });
        });
        this.logger.warn(
          { userId: error.userId, familyId: error.familyId },
          'refresh token reuse: family revoked',
        );
      }
      throw error;
    }
  }

  async logout(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.refreshTokens.revokeFamilyOf(manager, token);
      if (revoked) {
        await this.audit.record(manager, {
          actorId: revoked.userId,
          action: 'auth.logout',
          entityType: 'user',
          entityId: revoked.userId,
          data: { familyId: revoked.familyId },
        });
      }
    });
  }

  /**
   * Self-registration as a project lead. An address that already has an account gets no second account and
   * no mail, but the caller cannot tell: same answer, and a password is hashed on both paths.
   */
  async register(input: Registration, ip: string): Promise<void> {
    const email = normaliseEmail(input.email);
    await this.limiter.hit('register', { ip });
    const passwordHash = await this.passwords.hash(input.password);
    await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `INSERT INTO users (email, name, organisation, country, language, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ((lower(email))) DO NOTHING
         RETURNING id`,
        [email, input.name, input.organisation, input.country, input.language ?? 'en', passwordHash],
      )) as Array<{ id: string }>;
      const id = rows[0]?.id;
      if (!id) return;
      await this.audit.record(manager, {
        actorId: id,
        action: 'user.registered',
        entityType: 'user',
        entityId: id,
        data: { ip },
      });
      await this.accountTokens.send(manager, { id, email, name: input.name }, 'email_verification', id);
    });
  }

  async verifyEmail(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(manager, token, 'email_verification');
      await manager.query(
        `UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1`,
        [userId],
      );
      await this.audit.record(manager, {
        actorId: userId,
        action: 'user.email_verified',
        entityType: 'user',
        entityId: userId,
      });
    });
  }

  async requestPasswordReset(rawEmail: string, ip: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    await this.limiter.hit('password_reset', { email, ip });
    const rows = (await this.dataSource.query(
      `SELECT id, email, name FROM users WHERE lower(email) = $1 AND deactivated_at IS NULL`,
      [email],
    )) as Array<{ id: string; email: string; name: string }>;
    const user = rows[0];
    if (!user) {
      // As costly as the path that writes a token and a mail, so timing does not tell either.
      await this.passwords.verifyDummy(email);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.accountTokens.send(manager, user, 'password_reset');
      await this.audit.record(manager, {
        actorId: null,
        action: 'user.password_reset_requested',
        entityType: 'user',
        entityId: user.id,
        data: { ip },
      });
    });
    await this.passwords.verifyDummy(email);
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(manager, token, 'password_reset');
      await this.setPassword(manager, userId, passwordHash, 'user.password_reset', userId);
      // Whoever held the mailbox proved it: the address is verified.
      await manager.query(
        `UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1`,
        [userId],
      );
    });
  }

  async acceptInvitation(token: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.accountTokens.consume(manager, token, 'invitation');
      await this.setPassword(manager, userId, passwordHash, 'user.invitation_accepted', userId);
      await manager.query(
        `UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1`,
        [userId],
      );
    });
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const rows = (await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [
      userId,
    ])) as Array<{
      password_hash: string | null;
    }>;
    const hash = rows[0]?.password_hash;
    const valid = hash ? await this.passwords.verify(hash, currentPassword) : false;
    if (!valid) {
      throw AppError.unprocessable('CURRENT_PASSWORD_INCORRECT', 'The current password is not correct', [
        { field: 'currentPassword', message: 'currentPassword is not correct' },
      ]);
    }
    const passwordHash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction((manager) =>
      this.setPassword(manager, userId, passwordHash, 'user.password_changed', userId),
    );
  }

  /** Sets a password and ends every session: whoever held the old one is logged out. */
  private async setPassword(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
    action: string,
    actorId: string,
  ): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [
      userId,
      passwordHash,
    ]);
    await this.refreshTokens.revokeAllOfUser(manager, userId);
    await this.audit.record(manager, { actorId, action, entityType: 'user', entityId: userId });
  }

  private async startSession(manager: EntityManager, userId: string): Promise<Session> {
    const refresh = await this.refreshTokens.issue(manager, userId);
    return this.sessionFor(userId, refresh.token);
  }

  /** The user row is committed already (login, refresh), so the loader may read it on its own connection. */
  private async sessionFor(userId: string, refreshToken: string): Promise<Session> {
    const user = await this.users.load(userId);
    if (!user) throw new AppError(401, 'REFRESH_TOKEN_INVALID', 'The account is no longer active');
    return {
      accessToken: await this.accessTokens.sign(userId),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
      user,
    };
  }
}
