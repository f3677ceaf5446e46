import { z } from 'zod';

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
    PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** Seeds demo accounts into an empty embedded database (development only). */
    ACCORD_SEED_DEMO: z.stringbool().default(true),
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
  .refine((env) => env.TURN_URLS.length === 0 || env.TURN_SECRET !== undefined, {
    message: 'TURN_URLS needs TURN_SECRET (the static-auth-secret of coturn)',
    path: ['TURN_SECRET'],
  })
  .refine((env) => env.ICE_TRANSPORT_POLICY === 'all' || env.TURN_URLS.length > 0, {
    message: 'ICE_TRANSPORT_POLICY=relay needs TURN_URLS',
    path: ['ICE_TRANSPORT_POLICY'],
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
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
