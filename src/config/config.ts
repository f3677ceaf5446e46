import { isIP } from 'node:net';
import { z } from 'zod';

/** Public on purpose: it only protects a development machine's sandbox payments; never accepted in production. */
export const DEVELOPMENT_SANDBOX_WEBHOOK_SECRET = 'whsec_accord_sandbox_development';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
/** `a, b` → `['a', 'b']`; empty or unset → `[]`. */
const urlList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((url) => url.trim()).filter(Boolean) : value),
  z.array(z.string().regex(/^(stun|stuns|turn|turns):\S+$/, 'expected stun:, stuns:, turn: or turns: URLs')).default([]),
);

/** An IP address or a CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`). */
const isAddressOrRange = (value: string) => {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Whom to believe about the client's address (X-Forwarded-For), as Fastify's `trustProxy`: no
 * one (unset, `false`), the N nearest hops (`1`), or proxies by address (`10.0.0.2, 10.1.0.0/16`).
 * `true` (everyone) is refused: any client could then pick its own address and dodge the per-IP
 * sign-in limit.
 */
const trustProxy = z.preprocess(
  (value) => {
    if (value === undefined || value === '' || value === 'false') return false;
    if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
    return typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;
  },
  z.union([
    z.literal(false),
    z.number().int().min(0).max(16),
    z.array(z.string().refine(isAddressOrRange, 'expected a hop count, or IP addresses and CIDR ranges (10.0.0.0/8); `true` would trust any client')),
  ]),
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
    /** A direct connection for LISTEN when DATABASE_URL goes through a transaction-mode pooler (PgBouncer). */
    LISTEN_DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    TRUST_PROXY: trustProxy,
    /** Redirects requests for any other host to PUBLIC_URL's (health probes, webhooks and /ws excepted). */
    CANONICAL_HOST_REDIRECT: z.stringbool().default(true),
    /** On SIGTERM, how long requests in flight may take to finish before their connections are cut. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
    /** The /ws heartbeat interval when not the default (the bench shortens it to time its cost). */
    REALTIME_HEARTBEAT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(500).max(300_000).optional()),
    /** Accounts one address may create per hour (each attempt counts): a script cannot mass-create them. */
    SIGN_UPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    /** Open /ws sockets per account and per client address on one instance, when not the defaults (16, 64). */
    REALTIME_MAX_SOCKETS_PER_ACCOUNT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).optional()),
    REALTIME_MAX_SOCKETS_PER_ADDRESS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).optional()),
    /** Seeds demo accounts into an empty embedded database (development only). */
    ACCORD_SEED_DEMO: z.stringbool().default(true),
    /**
     * Who takes payments: the built-in sandbox (test cards, zero setup) or Stripe. The sandbox by
     * default outside production; production must name it (a free call for anyone otherwise).
     */
    PAYMENT_PROVIDER: z.preprocess(emptyAsUndefined, z.enum(['sandbox', 'stripe']).optional()),
    /** The sandbox in production (a demo, a staging copy): anyone can pay with its test cards. */
    SANDBOX_ALLOW_IN_PRODUCTION: z.stringbool().default(false),
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
    const production = env.NODE_ENV === 'production';
    if (env.PAYMENT_PROVIDER === 'stripe') {
      require('STRIPE_SECRET_KEY', 'when PAYMENT_PROVIDER=stripe');
      require('STRIPE_WEBHOOK_SECRET', 'when PAYMENT_PROVIDER=stripe');
    }
    if (production) require('PAYMENT_PROVIDER', 'in production (stripe; sandbox only with SANDBOX_ALLOW_IN_PRODUCTION=true)');
    // The sandbox's test cards pay for anything: production runs it only when told to, knowingly.
    if (production && env.PAYMENT_PROVIDER === 'sandbox') {
      if (!env.SANDBOX_ALLOW_IN_PRODUCTION) {
        issues.addIssue({ code: 'custom', path: ['SANDBOX_ALLOW_IN_PRODUCTION'], message: 'PAYMENT_PROVIDER=sandbox in production lets anyone pay with a test card: set SANDBOX_ALLOW_IN_PRODUCTION=true to run it anyway, or use stripe.' });
      }
      // With a public secret, anyone could sign a webhook and open a meet without paying.
      require('SANDBOX_WEBHOOK_SECRET', 'in production with the sandbox provider (a private value of 16+ characters)');
      if (env.SANDBOX_WEBHOOK_SECRET === DEVELOPMENT_SANDBOX_WEBHOOK_SECRET) {
        issues.addIssue({ code: 'custom', path: ['SANDBOX_WEBHOOK_SECRET'], message: 'The public development value is refused in production: set a private secret.' });
      }
    }
    if (env.LISTEN_DATABASE_URL !== undefined) require('DATABASE_URL', 'with LISTEN_DATABASE_URL');
    if (env.TURN_URLS.length > 0) require('TURN_SECRET', 'with TURN_URLS (the static-auth-secret of coturn)');
    if (env.ICE_TRANSPORT_POLICY === 'relay' && env.TURN_URLS.length === 0) {
      issues.addIssue({ code: 'custom', path: ['ICE_TRANSPORT_POLICY'], message: 'ICE_TRANSPORT_POLICY=relay needs TURN_URLS.' });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    PAYMENT_PROVIDER: env.PAYMENT_PROVIDER ?? ('sandbox' as const),
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
  // Every test signs up its own people from 127.0.0.1 (the sign-up limit has its own test), and
  // in-process requests (`inject`) are addressed to `localhost:80`, not to PUBLIC_URL.
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ACCORD_SEED_DEMO: 'false', SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000', CANONICAL_HOST_REDIRECT: 'false' }),
    ...overrides,
  };
}
