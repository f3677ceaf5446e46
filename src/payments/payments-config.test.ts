import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SANDBOX_WEBHOOK_SECRET, loadConfig } from '../config/config.ts';

describe('payment configuration', () => {
  it('defaults to the sandbox with a development webhook secret', () => {
    const config = loadConfig({});
    expect(config.PAYMENT_PROVIDER).toBe('sandbox');
    expect(config.SANDBOX_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  // Security finding 1: production ran the sandbox by default, and with its public secret.
  it('refuses each unsafe production configuration, naming the variable', () => {
    const production = { NODE_ENV: 'production' };
    const allowed = { ...production, PAYMENT_PROVIDER: 'sandbox', SANDBOX_ALLOW_IN_PRODUCTION: 'true' };
    expect(() => loadConfig(production)).toThrow(/PAYMENT_PROVIDER: Required in production/);
    expect(() => loadConfig({ ...production, PAYMENT_PROVIDER: 'sandbox', SANDBOX_WEBHOOK_SECRET: 'a-long-private-secret' })).toThrow(/SANDBOX_ALLOW_IN_PRODUCTION: /);
    expect(() => loadConfig(allowed)).toThrow(/SANDBOX_WEBHOOK_SECRET: Required in production/);
    expect(() => loadConfig({ ...allowed, SANDBOX_WEBHOOK_SECRET: DEVELOPMENT_SANDBOX_WEBHOOK_SECRET })).toThrow(/SANDBOX_WEBHOOK_SECRET: The public development value is refused/);
    expect(loadConfig({ ...allowed, SANDBOX_WEBHOOK_SECRET: 'a-long-private-secret' })).toMatchObject({ PAYMENT_PROVIDER: 'sandbox', SANDBOX_WEBHOOK_SECRET: 'a-long-private-secret' });
    expect(loadConfig({ ...production, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).PAYMENT_PROVIDER).toBe('stripe');
  });

  it('requires Stripe’s keys when Stripe is the provider, and reads its API address', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY[\s\S]*STRIPE_WEBHOOK_SECRET/);
    const config = loadConfig({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect(config.STRIPE_API_BASE).toBe('http://127.0.0.1:12111');
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'paypal' })).toThrow(/PAYMENT_PROVIDER/);
  });
});
