import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';

describe('payment configuration', () => {
  it('defaults to the sandbox with a development webhook secret', () => {
    const config = loadConfig({});
    expect(config.PAYMENT_PROVIDER).toBe('sandbox');
    expect(config.SANDBOX_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  it('refuses to run the sandbox in production with the public development secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SANDBOX_WEBHOOK_SECRET: Required in production/);
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX_WEBHOOK_SECRET: 'a-long-private-secret' }).SANDBOX_WEBHOOK_SECRET).toBe('a-long-private-secret');
  });

  it('requires Stripe’s keys when Stripe is the provider, and reads its API address', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY[\s\S]*STRIPE_WEBHOOK_SECRET/);
    const config = loadConfig({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect(config.STRIPE_API_BASE).toBe('http://127.0.0.1:12111');
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'paypal' })).toThrow(/PAYMENT_PROVIDER/);
  });
});
