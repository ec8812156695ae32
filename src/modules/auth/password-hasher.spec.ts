import { describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id m=19456, t=2, p=1 and verifies', async () => {
    const hash = await hasher.hash('a-long-enough-password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash).toContain('m=19456');
    expect(hash).toContain('t=2');
    expect(hash).toContain('p=1');
    await expect(hasher.verify(hash, 'a-long-enough-password')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'another-password')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('asks for a rehash when the parameters or the variant differ', async () => {
    const weaker = await argon2.hash('pw', {
      type: argon2.argon2id,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    const argon2i = await argon2.hash('pw', {
      type: argon2.argon2i,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(hasher.needsRehash(weaker)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
  });

  it('answers false, not an exception, for a malformed stored hash', async () => {
    await expect(hasher.verify('not-a-hash', 'pw')).resolves.toBe(false);
    await expect(hasher.verifyDummy('pw')).resolves.toBe(false);
  });
});
