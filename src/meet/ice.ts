import { createHmac } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { IceConfig } from '../shared/meet.ts';

type IceSettings = Pick<Config, 'ICE_STUN_URLS' | 'TURN_URLS' | 'TURN_SECRET' | 'TURN_TTL_SECONDS' | 'ICE_TRANSPORT_POLICY'>;

/**
 * coturn's shared-secret scheme (`use-auth-secret`, the "TURN REST API"): the username is
 * `expiry:userId`, the password base64(HMAC-SHA1(secret, username)). coturn recomputes it, so no
 * credential is stored, and each person's expires on its own.
 */
export function turnCredentials(secret: string, userId: string, ttlSeconds: number, now = Date.now()): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

/** The ICE servers of one participant's call page; its TURN credentials expire by `notAfter` (the call window's end) at the latest. */
export function iceConfigFor(settings: IceSettings, userId: string, now = Date.now(), notAfter = Infinity): IceConfig {
  const iceServers: IceConfig['iceServers'] = [];
  if (settings.ICE_STUN_URLS.length > 0) iceServers.push({ urls: settings.ICE_STUN_URLS });
  let expiresAt: string | null = null;
  if (settings.TURN_URLS.length > 0 && settings.TURN_SECRET) {
    const ttlSeconds = Math.max(1, Math.min(settings.TURN_TTL_SECONDS, Math.floor((notAfter - now) / 1000)));
    const turn = turnCredentials(settings.TURN_SECRET, userId, ttlSeconds, now);
    iceServers.push({ urls: settings.TURN_URLS, username: turn.username, credential: turn.credential });
    expiresAt = turn.expiresAt.toISOString();
  }
  return { iceServers, iceTransportPolicy: settings.ICE_TRANSPORT_POLICY, expiresAt };
}
