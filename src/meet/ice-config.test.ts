import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';

describe('ICE configuration from the environment', () => {
  it('reads comma-separated STUN and TURN URLs, the secret, the lifetime and the policy', () => {
    const config = loadConfig({
      ICE_STUN_URLS: 'stun:stun1.example:3478, stun:stun2.example:3478',
      TURN_URLS: 'turn:turn.example:3478?transport=udp,turns:turn.example:5349',
      TURN_SECRET: 'a-long-enough-secret',
      TURN_TTL_SECONDS: '900',
      ICE_TRANSPORT_POLICY: 'relay',
    });
    expect(config.ICE_STUN_URLS).toEqual(['stun:stun1.example:3478', 'stun:stun2.example:3478']);
    expect(config.TURN_URLS).toEqual(['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349']);
    expect(config.TURN_SECRET).toBe('a-long-enough-secret');
    expect(config.TURN_TTL_SECONDS).toBe(900);
    expect(config.ICE_TRANSPORT_POLICY).toBe('relay');
  });

  it('defaults to no ICE servers, one-hour credentials and every candidate type', () => {
    const config = loadConfig({ ICE_STUN_URLS: '' });
    expect(config).toMatchObject({ ICE_STUN_URLS: [], TURN_URLS: [], TURN_TTL_SECONDS: 3600, ICE_TRANSPORT_POLICY: 'all' });
    expect(config.TURN_SECRET).toBeUndefined();
  });

  it.each([
    [{ TURN_URLS: 'turn:turn.example:3478' }, 'TURN_SECRET'],
    [{ ICE_TRANSPORT_POLICY: 'relay' }, 'ICE_TRANSPORT_POLICY'],
    [{ ICE_STUN_URLS: 'http://stun.example' }, 'ICE_STUN_URLS'],
    [{ TURN_URLS: 'turn:t.example', TURN_SECRET: 'short' }, 'TURN_SECRET'],
    [{ TURN_TTL_SECONDS: '10' }, 'TURN_TTL_SECONDS'],
  ])('refuses %o at start, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
