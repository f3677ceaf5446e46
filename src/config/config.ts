import { z } from 'zod';

/** Public on purpose: it only protects a development machine's sandbox payments. */
const DEVELOPMENT_SANDBOX_WEBHOOK_SECRET = 'whsec_accord_sandbox_development';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
/** `a, b` → `['a', 'b']`; empty or unset → `[]`. */
const urlList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((url) => url.trim()).filter(Boolean) : value),
  z.array(z.string().regex(/^(stun|stuns|turn|turns):\S+$/, 'expected stun:, stuns:, turn: or turns: URLs')).default([]),
);

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    ACCORD_DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty` (pino-pretty, a dev dependency) for people, `json` for machines; by default pretty in development only. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /** The bearer token Prometheus sends to scrape /metrics; unset, /metrics does not exist. */
    METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
    PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** The /ws heartbeat interval when not the default (the bench shortens it to time its cost). */
    REALTIME_HEARTBEAT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(500).max(300_000).optional()),
    /** Seeds demo accounts into an empty embedded database (development only). */
    ACCORD_SEED_DEMO: z.stringbool().default(true),
    /** Who takes payments: the built-in sandbox (test cards, zero setup) or Stripe. */
    PAYMENT_PROVIDER: z.enum(['sandbox', 'stripe']).default('sandbox'),
    /** Signs the sandbox's webhooks; the development default is refused in production. */
    SANDBOX_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
    STRIPE_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
    /** Another address for Stripe's API (a local stand-in in tests), e.g. http://127.0.0.1:12111. */
    STRIPE_API_BASE: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    /** STUN servers given to call pages (comma-separated); none means host candidates only. */
    ICE_STUN_URLS: urlList,
    /** TURN servers (coturn with `use-auth-secret`), comma-separated; needs TURN_SECRET. */
    TURN_URLS: urlList,
    TURN_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
    /** Lifetime of the per-user TURN credentials. */
    TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    /** `relay` forces every call through TURN (privacy, or to test the TURN path). */
    ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  })
  .superRefine((env, issues) => {
    const require = (name: keyof typeof env, why: string) => {
      if (env[name] === undefined) issues.addIssue({ code: 'custom', path: [name], message: `Required ${why}.` });
    };
    if (env.PAYMENT_PROVIDER === 'stripe') {
      require('STRIPE_SECRET_KEY', 'when PAYMENT_PROVIDER=stripe');
      require('STRIPE_WEBHOOK_SECRET', 'when PAYMENT_PROVIDER=stripe');
    }
    // With a public secret, anyone could sign a webhook and open a meet without paying.
    if (env.PAYMENT_PROVIDER === 'sandbox' && env.NODE_ENV === 'production') {
      require('SANDBOX_WEBHOOK_SECRET', 'in production with the sandbox provider');
    }
    if (env.TURN_URLS.length > 0) require('TURN_SECRET', 'with TURN_URLS (the static-auth-secret of coturn)');
    if (env.ICE_TRANSPORT_POLICY === 'relay' && env.TURN_URLS.length === 0) {
      issues.addIssue({ code: 'custom', path: ['ICE_TRANSPORT_POLICY'], message: 'ICE_TRANSPORT_POLICY=relay needs TURN_URLS.' });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    LOG_FORMAT: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    SANDBOX_WEBHOOK_SECRET: env.SANDBOX_WEBHOOK_SECRET ?? DEVELOPMENT_SANDBOX_WEBHOOK_SECRET,
  }));

export type Config = z.infer<typeof configSchema>;

/** Parses the environment once at start; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ACCORD_SEED_DEMO: 'false' }), ...overrides };
}
