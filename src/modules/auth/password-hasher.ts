import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP's argon2id recommendation: 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes and verifies passwords with argon2id; says when a stored hash uses other parameters. */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  private readonly parameters = ARGON2_PARAMETERS;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.parameters });
  }

  /** False for a malformed hash instead of throwing: a broken row must not turn into a 500 on login. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, this.parameters);
  }

  /**
   * Spends the same time as a real verify when there is no user (or no password) to check,
   * so response times do not tell which addresses have an account.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('base64url'));
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
