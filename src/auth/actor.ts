import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/client.ts';
import { unauthenticated } from '../errors/app-error.ts';
import type { SessionAccount } from './auth.repo.ts';
import { accountForToken } from './auth.service.ts';
import { sessionToken } from './session-cookie.ts';

/** The signed-in account making a request. */
export type Actor = SessionAccount;

const resolved = new WeakMap<FastifyRequest, Promise<Actor | undefined>>();

/** The request's account, looked up once per request from the session cookie. */
export function currentActor(ctx: { database: Database }, request: FastifyRequest): Promise<Actor | undefined> {
  let actor = resolved.get(request);
  if (!actor) {
    const token = sessionToken(request);
    actor = token ? accountForToken(ctx.database.db, token) : Promise.resolve(undefined);
    resolved.set(request, actor);
  }
  return actor;
}

export async function requireActor(ctx: { database: Database }, request: FastifyRequest): Promise<Actor> {
  const actor = await currentActor(ctx, request);
  if (!actor) throw unauthenticated();
  return actor;
}
