import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { SignedIn } from './auth.service.ts';

export const SESSION_COOKIE = 'accord_session';

/** Out of scripts' reach, sent on top-level navigations from elsewhere but not on their requests, HTTPS-only in production. */
const cookieFlags = (config: Config) => ({ httpOnly: true, sameSite: 'lax', secure: config.NODE_ENV === 'production' }) as const;

export function setSessionCookie(reply: FastifyReply, config: Config, signedIn: SignedIn): void {
  reply.setCookie(SESSION_COOKIE, signedIn.token, { path: '/', ...cookieFlags(config), expires: signedIn.expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', ...cookieFlags(config) });
}

/** The device proof (auth.service.ts): lets this browser sign in to its account while the account is locked to others. */
const DEVICE_COOKIE = 'accord_device';
const DEVICE_COOKIE_TTL_MS = 365 * 24 * 3600_000;

export function setDeviceCookie(reply: FastifyReply, config: Config, signedIn: SignedIn): void {
  reply.setCookie(DEVICE_COOKIE, signedIn.deviceProof, { path: '/api/auth', ...cookieFlags(config), expires: new Date(Date.now() + DEVICE_COOKIE_TTL_MS) });
}

export const deviceProof = (request: FastifyRequest): string | undefined => request.cookies[DEVICE_COOKIE] || undefined;

export const sessionToken = (request: FastifyRequest): string | undefined => request.cookies[SESSION_COOKIE] || undefined;
