import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { hashSecretToken, newSecretToken } from './secret-token.js';

export interface IssuedRefreshToken {
  token: string;
  id: string;
  familyId: string;
  expiresAt: Date;
}

interface StoredRefreshToken {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const INVALID = 'The refresh token is invalid or has expired; log in again';

/**
 * Opaque refresh tokens, rotated on every use. A token presented a second time means it was copied:
 * the whole family (every token descended from that login) is revoked.
 */
@Injectable()
export class RefreshTokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async issue(
    manager: EntityManager,
    userId: string,
    familyId: string = randomUUID(),
  ): Promise<IssuedRefreshToken> {
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    const rows = (await manager.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [userId, familyId, hash, expiresAt],
    )) as Array<{ id: string }>;
    return { token, id: rows[0]!.id, familyId, expiresAt };
  }

  /**
   * Uses a refresh token once and returns its successor. Reuse revokes the family; the revocation commits
   * even though the caller gets an error, so it runs outside the caller's transaction.
   */
  async rotate(manager: EntityManager, token: string): Promise<{ userId: string; next: IssuedRefreshToken }> {
    const rows = (await manager.query(
      `SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1`,
      [hashSecretToken(token)],
    )) as StoredRefreshToken[];
    const stored = rows[0];
    if (!stored || stored.revoked_at) throw new AppError(401, 'REFRESH_TOKEN_INVALID', INVALID);
    if (stored.used_at) throw new RefreshTokenReusedError(stored.family_id, stored.user_id);
    if (stored.expires_at.getTime() <= Date.now()) throw new AppError(401, 'REFRESH_TOKEN_INVALID', INVALID);
    // Conditional update: of two concurrent uses, exactly one wins; the other is a reuse.
    const used = (await manager.query(
      `UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [stored.id],
    )) as [unknown[], number];
    if (used[1] !== 1) throw new RefreshTokenReusedError(stored.family_id, stored.user_id);
    const next = await this.issue(manager, stored.user_id, stored.family_id);
    await manager.query(`UPDATE refresh_tokens SET replaced_by_id = $2 WHERE id = $1`, [stored.id, next.id]);
    return { userId: stored.user_id, next };
  }

  /** Revokes the family of a token; returns the user id when the token was known. */
  async revokeFamilyOf(
    manager: EntityManager,
    token: string,
  ): Promise<{ userId: string; familyId: string } | null> {
    const rows = (await manager.query(`SELECT user_id, family_id FROM refresh_tokens WHERE token_hash = $1`, [
      hashSecretToken(token),
    ])) as Array<{ user_id: string; family_id: string }>;
    const row = rows[0];
    if (!row) return null;
    await this.revokeFamily(manager, row.family_id);
    return { userId: row.user_id, familyId: row.family_id };
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** Every session of the user ends (deactivation, password change). */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }
}

export class RefreshTokenReusedError extends AppError {
  constructor(
    readonly familyId: string,
    readonly userId: string,
  ) {
    super(
      401,
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; every session of this login has ended',
    );
  }
}
