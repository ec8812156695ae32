import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { AccountTokenPurpose } from './account-token.entity.js';
import { hashSecretToken, newSecretToken } from './secret-token.js';

/** How long each kind of link stays valid. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  email_verification: 48 * 3_600_000,
  invitation: 7 * 86_400_000,
  password_reset: 3_600_000,
};

const LINK_PATH: Record<AccountTokenPurpose, string> = {
  email_verification: '/verify-email',
  invitation: '/accept-invitation',
  password_reset: '/reset-password',
};

export interface AccountMailRecipient {
  id: string;
  email: string;
  name: string;
}

/** Single-use, expiring links sent by e-mail (verification, invitation, password reset). */
@Injectable()
export class AccountTokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  /** Creates a link and writes its e-mail to the outbox in the caller's transaction. */
  async send(
    manager: EntityManager,
    user: AccountMailRecipient,
    purpose: AccountTokenPurpose,
    actorId: string | null = null,
  ): Promise<void> {
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(Date.now() + ACCOUNT_TOKEN_TTL_MS[purpose]);
    await manager.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [user.id, purpose, hash, expiresAt],
    );
    const link = new URL(LINK_PATH[purpose], this.config.PUBLIC_BASE_URL);
    link.searchParams.set('token', token);
    await this.outbox.emit(manager, {
      eventType: `account.${purpose}`,
      aggregateType: 'user',
      aggregateId: user.id,
      actorId,
      payload: {
        userId: user.id,
        email: user.email,
        name: user.name,
        link: link.toString(),
        expiresAt: expiresAt.toISOString(),
      },
    });
  }

  /**
   * Uses a link once: the conditional update lets exactly one request through. Every other open link of the same
   * purpose for that user is used up too (an older reset mail cannot be replayed after a reset).
   */
  async consume(manager: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<string> {
    const rows = (await manager.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [hashSecretToken(token), purpose],
    )) as [Array<{ user_id: string }>, number];
    const userId = rows[0][0]?.user_id;
    if (!userId) {
      throw AppError.badRequest('TOKEN_INVALID', 'This link is invalid, has expired or was already used', [
        { field: 'token', message: 'token is invalid, has expired or was already used' },
      ]);
    }
    await manager.query(
      `UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
    return userId;
  }
}
