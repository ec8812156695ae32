import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface AccessTokenClaims {
  /** The user id. */
  sub: string;
}

/** Short-lived access tokens: JWT HS256, issuer, audience and expiry always checked; no other algorithm accepted. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;
  /** Tokens whose signature, issuer and audience were checked, by the exact token text (oldest evicted first). */
  private readonly verified = new Map<string, { sub: string; exp: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  /** `expiresInSeconds` may be negative (tests sign already-expired tokens). */
  async sign(userId: string, expiresInSeconds = this.config.ACCESS_TOKEN_TTL_SECONDS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt(Math.min(now, now + expiresInSeconds))
      .setExpirationTime(now + expiresInSeconds)
      .sign(this.key);
  }

  /** The claims of a valid token, or null (bad signature, other algorithm, expired, wrong issuer/audience). */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    // A client sends the same token for up to 15 minutes; checking its signature once per process is enough
    // (jose's WebCrypto HMAC costs about 0.2 ms, a large part of a cheap request). Expiry is still checked.
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return { sub: known.sub };
      this.verified.delete(token);
      return null;
    }
    const claims = await this.verifySignature(token);
    if (claims) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) {
        this.verified.delete(this.verified.keys().next().value as string);
      }
      this.verified.set(token, claims);
    }
    return claims ? { sub: claims.sub } : null;
  }

  private async verifySignature(token: string): Promise<{ sub: string; exp: number } | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      });
      return typeof payload.sub === 'string' && UUID.test(payload.sub) && typeof payload.exp === 'number'
        ? { sub: payload.sub, exp: payload.exp }
        : null;
    } catch {
      return null;
    }
  }
}

const VERIFIED_CACHE_SIZE = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
