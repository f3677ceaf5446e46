import type { FastifyInstance, FastifyReply } from 'fastify';
import { inTransaction } from '../db/transaction.ts';
import type { AppContext } from '../http/context.ts';
import { parseInput } from '../http/validation.ts';
import { loginInput, registerInput } from '../shared/schemas.ts';
import { requireActor } from './actor.ts';
import { login, logout, register, type SignedIn } from './auth.service.ts';
import { toUserDto } from './auth.presenter.ts';
import { clearSessionCookie, deviceProof, sessionToken, setDeviceCookie, setSessionCookie } from './session-cookie.ts';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;

  const signIn = (reply: FastifyReply, signedIn: SignedIn) => {
    setSessionCookie(reply, ctx.config, signedIn);
    setDeviceCookie(reply, ctx.config, signedIn);
    return { user: toUserDto(signedIn.user) };
  };

  app.post('/api/auth/register', async (request, reply) => {
    const input = parseInput(registerInput, request.body);
    const signedIn = await register(db, input, { ip: request.ip, perHour: ctx.config.SIGN_UPS_PER_ADDRESS_PER_HOUR });
    return reply.status(201).send(signIn(reply, signedIn));
  });

  app.post('/api/auth/login', async (request, reply) => {
    const input = parseInput(loginInput, request.body);
    return signIn(reply, await login(db, input, { ip: request.ip, deviceProof: deviceProof(request) }));
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) await inTransaction(db, (tx) => logout(tx, token));
    clearSessionCookie(reply, ctx.config);
    return reply.status(204).send();
  });

  app.get('/api/me', async (request) => ({ user: toUserDto(await requireActor(ctx, request)) }));
}
