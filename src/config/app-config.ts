import { z } from 'zod';

/** Every setting the system reads from the environment, validated once at start-up. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default('postgres://postgres@127.0.0.1:5432/flagship'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, "-" and "_" only')
      .default('flagship'),
    SMTP_URL: z
      .string()
      .optional()
      .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined))
      .pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().min(3).default('Flagship Registry <no-reply@flagship-registry.local>'),
    MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
    PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
    /** First retry delay of a temporary SMTP failure; doubles per attempt, with jitter. */
    MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    /** How long a delivery job may run before another worker treats it as stalled (its worker died). */
    MAIL_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** Cron of the daily digest (UTC). */
    DIGEST_CRON: z.string().min(9).default('0 7 * * *'),
    REMINDER_SCAN_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().min(1).default('flagship-registry'),
    JWT_AUDIENCE: z.string().min(1).default('flagship-registry-api'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
  });

export type AppConfig = Omit<z.infer<typeof schema>, 'JWT_SECRET'> & {
  JWT_SECRET: string;
  /** true when no SMTP server is configured: mail is kept in the database and logged instead of sent. */
  MAIL_CAPTURE: boolean;
};

/** A development-only signing key, so that a bare machine starts; production must set JWT_SECRET. */
const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const value = parsed.data;
  return {
    ...value,
    JWT_SECRET: value.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    MAIL_CAPTURE: value.SMTP_URL === undefined,
  };
}

/** The injection token under which the validated configuration is provided. */
export const APP_CONFIG = Symbol('APP_CONFIG');
