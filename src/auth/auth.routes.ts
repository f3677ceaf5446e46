import type { FastifyInstance } from 'fastify';
import { inTransaction } from '../db/transaction.ts';
import type { AppContext } from '../http/context.ts';
import { parseInput } from '../http/validation.ts';
import { loginInput, registerInput } from '../shared/schemas.ts';
import { requireActor } from './actor.ts';
import { invalidCredentials, login, logout, register } from './auth.service.ts';
import { toUserDto } from './auth.presenter.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session-cookie.ts';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  app.post('/api/auth/register', async (request, reply) => {
    const input = parseInput(registerInput, request.body);
    const signedIn = await inTransaction(db, (tx) => register(tx, input));
    setSessionCookie(reply, ctx.config, signedIn);
    return reply.status(201).send({ user: toUserDto(signedIn.user) });
  });

  app.post('/api/auth/login', async (request, reply) => {
    const input = parseInput(loginInput, request.body);
    const signedIn = await inTransaction(db, (tx) => login(tx, input, request.ip));
    if (!signedIn) throw invalidCredentials();
    setSessionCookie(reply, ctx.config, signedIn);
    return { user: toUserDto(signedIn.user) };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) await inTransaction(db, (tx) => logout(tx, token));
    clearSessionCookie(reply, ctx.config);
    return reply.status(204).send();
  });

  app.get('/api/me', async (request) => ({ user: toUserDto(await requireActor(ctx, request)) }));
}
