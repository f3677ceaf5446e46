import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { enterCall } from '../../src/meet/call.service.ts';
import { createTestApp, signUp, type Client, type TestApp } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { postSandboxWebhook, sandboxEvent } from '../support/payments.ts';
import { throwawaySessionCookie } from '../support/sessions.ts';
import { RefusedUpgrade, TestSocket } from '../support/realtime.ts';
import {
  JOIN_ANSWER_OF_HTTP,
  MATRIX,
  MATRIX_BODIES,
  ROLES,
  SOCKET_STATES,
  SUBSCRIBE_ANSWER_OF_HTTP,
  type CellState,
  type MatrixRow,
  type Role,
} from './authorization-matrix.ts';
import { fillPath, routeKey, ROUTES, type IdKind, type RouteSpec } from './routes.ts';
import { SETUP_TIMEOUT_MS } from './populate.ts';

const PASSWORD = 'correct horse battery';
const routeOf = (key: string) => ROUTES.find((route) => routeKey(route) === key)!;

/** One cell's own demande and offres; the markers are in its texts, to find them in any answer. */
interface Cell {
  demandeId: string;
  offreId: string;
  otherOffreId: string;
  /** The demandeur's notification of the prestataire's offre. */
  notificationId: string;
  meetSessionId?: string;
  callId?: string;
  paymentId?: string;
  markers: { demande: string; offre: string; otherOffre: string };
}

const cells = MATRIX.flatMap((row) => ROLES.map((role, i) => ({ ...row, role, status: row.expect[i]!, label: `${row.state}${row.target ? `, ${row.target}` : ''}` })));

it('covers every route of the route table', () => {
  expect(new Set(MATRIX.map((row) => row.route))).toEqual(new Set(ROUTES.map(routeKey)));
  for (const row of MATRIX) expect(routeOf(row.route), row.route).toBeDefined();
});

describe.each(DATABASE_KINDS)('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  let people: Record<Exclude<Role, 'anonymous'>, Client>;
  let loginAccount: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const [demandeur, prestataire, otherPrestataire, stranger, login] = await Promise.all(
      ['Demandeur', 'Prestataire', 'Autre', 'Inconnu', 'Login'].map((name) => signUp(t.app, name)),
    );
    people = { demandeur: demandeur!, prestataire: prestataire!, otherPrestataire: otherPrestataire!, stranger: stranger! };
    loginAccount = login!;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t?.close());

  async function buildCell(state: CellState): Promise<Cell> {
    const tag = randomBytes(6).toString('hex');
    const markers = { demande: `D${tag}`, offre: `P${tag}`, otherOffre: `O${tag}` };
    const created = await people.demandeur.post('/api/demandes', { title: `Demande ${markers.demande}`, description: `Texte ${markers.demande}` });
    const demandeId: string = created.json().demande.id;
    const propose = (who: Client, message: string) => who.post(`/api/demandes/${demandeId}/offres`, { priceCents: 5000, message });
    const offreId: string = (await propose(people.prestataire, `Offre ${markers.offre}`)).json().offre.id;
    const otherOffreId: string = (await propose(people.otherPrestataire, `Offre ${markers.otherOffre}`)).json().offre.id;
    const notifications: { id: string; kind: string; offreId: string | null }[] = (await people.demandeur.get('/api/notifications?limit=100')).json().notifications;
    const notificationId = notifications.find((n) => n.kind === 'offre.received' && n.offreId === offreId)!.id;
    const open = { demandeId, offreId, otherOffreId, notificationId, markers };
    if (state === 'open') return open;
    const accepted = await people.demandeur.post(`/api/offres/${offreId}/accept`);
    expect(accepted.statusCode).toBe(200);
    const { meetSessionId, callId } = accepted.json();
    if (state === 'accepted') return { ...open, meetSessionId, callId };
    if (state === 'cancelled') {
      expect((await people.demandeur.post(`/api/meet-sessions/${meetSessionId}/cancel`)).statusCode).toBe(200);
      return { ...open, meetSessionId, callId };
    }
    const started = await people.demandeur.post(`/api/meet-sessions/${meetSessionId}/payment`);
    expect(started.statusCode).toBe(200);
    const { paymentId } = started.json();
    if (state === 'paid' || state === 'inCall') {
      const secret = t.config.SANDBOX_WEBHOOK_SECRET;
      for (const type of ['payment.processing', 'payment.succeeded'] as const) {
        expect((await postSandboxWebhook(t.app, sandboxEvent(type, paymentId), { secret })).statusCode).toBe(200);
      }
    }
    // The call's entry as meet.join makes it (the /ws half drives the socket itself).
    if (state === 'inCall') await inTransaction(t.database.db, (tx) => enterCall(tx, people.demandeur.user, { meetSessionId, peerId: 'matrix-page' }));
    return { ...open, meetSessionId, callId, paymentId };
  }

  /**
   * What each role must never find in an answer, whatever the route. (Account ids are not among
   * them: an account's id is public as the creator of its open demandes.)
   */
  function secretsOf(cell: Cell, state: CellState, route: RouteSpec): { value: string; visibleTo: Role[] }[] {
    const involved: Role[] = ['demandeur', 'prestataire', 'otherPrestataire'];
    const demandeVisibleTo: Role[] = state === 'open' ? [...involved, 'stranger'] : involved;
    const secrets = [
      { value: cell.demandeId, visibleTo: demandeVisibleTo },
      { value: cell.markers.demande, visibleTo: demandeVisibleTo },
      { value: cell.offreId, visibleTo: ['demandeur', 'prestataire'] as Role[] },
      { value: cell.markers.offre, visibleTo: ['demandeur', 'prestataire'] as Role[] },
      { value: cell.otherOffreId, visibleTo: ['demandeur', 'otherPrestataire'] as Role[] },
      { value: cell.markers.otherOffre, visibleTo: ['demandeur', 'otherPrestataire'] as Role[] },
      ...(Object.keys(people) as Exclude<Role, 'anonymous'>[]).map((role) => ({ value: people[role].user.email, visibleTo: [role] })),
    ];
    if (cell.meetSessionId) {
      secrets.push({ value: cell.meetSessionId, visibleTo: ['demandeur', 'prestataire'] }, { value: cell.callId!, visibleTo: ['demandeur', 'prestataire'] });
    }
    // The checkout's URL is its key: whoever asks with it already holds it.
    if (cell.paymentId && route.id !== 'payment') secrets.push({ value: cell.paymentId, visibleTo: ['demandeur', 'prestataire'] });
    secrets.push({ value: cell.notificationId, visibleTo: ['demandeur'] });
    return secrets;
  }

  function targetId(route: RouteSpec, row: MatrixRow, cell: Cell): string {
    if (row.target === 'otherOffre') return cell.otherOffreId;
    const ids: Record<IdKind, string | undefined> = {
      demande: cell.demandeId,
      offre: cell.offreId,
      meetSession: cell.meetSessionId,
      notification: cell.notificationId,
      payment: cell.paymentId,
      provider: 'sandbox',
    };
    return ids[route.id!]!;
  }

  async function send(route: RouteSpec, role: Role, id: string | undefined) {
    const cookie =
      role === 'anonymous' ? undefined : route.endsSession ? await throwawaySessionCookie(t.database.db, people[role].user.id) : people[role].cookie;
    const body = MATRIX_BODIES[routeKey(route)]?.({ email: loginAccount.user.email, password: PASSWORD });
    return t.app.inject({
      method: route.method,
      url: id === undefined ? route.path : fillPath(route.path, id),
      headers: cookie ? { cookie } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  it.each(cells)('$route ($label) as $role → $status, without leaking', async (cellRow) => {
    const { role, status, state } = cellRow;
    const route = routeOf(cellRow.route);
    const cell = await buildCell(state);
    const response = await send(route, role, route.id ? targetId(route, cellRow, cell) : undefined);
    expect(response.statusCode, response.body).toBe(status);

    for (const secret of secretsOf(cell, state, route)) {
      if (!secret.visibleTo.includes(role)) expect(response.body, `${role} must not see ${secret.value}`).not.toContain(secret.value);
    }
    if (status === 404 && route.id && route.id !== 'provider') {
      // Someone else's thing answers exactly like a thing that does not exist (a page names its own
      // address; every answer has its own request id).
      if (!route.html) expect(response.json().error.code).toMatch(/_NOT_FOUND$/);
      const unknownId = randomUUID();
      const unknown = await send(route, role, unknownId);
      const asked = route.id ? targetId(route, cellRow, cell) : '';
      const answer = (r: typeof response, id: string) => ({ status: r.statusCode, body: r.body.replaceAll(id, ':id').replace(/"requestId":"[^"]*"/, '') });
      expect(answer(unknown, unknownId)).toEqual(answer(response, asked));
    }
  });

  /**
   * I9 over `/ws`: the same policy answers a topic's subscription and a call's `meet.join` as it
   * answers the HTTP read of their subject. One socket per person, shared by every state (each
   * state has its own demande and session, so no answer can be another's).
   */
  describe('the same answers over /ws', () => {
    const signedIn = ROLES.filter((role): role is Exclude<Role, 'anonymous'> => role !== 'anonymous');
    let baseUrl: string;
    let sockets: Record<Exclude<Role, 'anonymous'>, TestSocket>;

    beforeAll(async () => {
      baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const opened = await Promise.all(signedIn.map((role) => TestSocket.open(baseUrl, people[role].cookie)));
      sockets = Object.fromEntries(signedIn.map((role, i) => [role, opened[i]!])) as typeof sockets;
    });
    afterAll(() => {
      for (const socket of Object.values(sockets ?? {})) socket.close();
    });

    const httpAnswer = (role: Exclude<Role, 'anonymous'>, path: string) => people[role].get(path).then((r) => r.statusCode);
    const joinAnswer = async (socket: TestSocket, meetSessionId: string, peerId: string) => {
      socket.join(meetSessionId, peerId);
      const answer = await socket.nextCall((m) => (m.type === 'meet.joined' || m.type === 'meet.refused') && m.meetSessionId === meetSessionId);
      return answer.type === 'meet.refused' ? String((answer as { code: string }).code) : answer.type;
    };

    it('opens no socket to anonymous, as HTTP answers 401', async () => {
      await expect(TestSocket.open(baseUrl, undefined)).rejects.toEqual(new RefusedUpgrade(401));
      expect((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    });

    it('user:<id>: each person hears their own topic, as GET /api/me reads their own account only', async () => {
      for (const role of signedIn) {
        const me: string = (await people[role].get('/api/me')).json().user.id;
        for (const of of signedIn) {
          const http = me === people[of].user.id ? 200 : 404;
          expect(await sockets[role].subscribe(`user:${people[of].user.id}`), `${role} on user:${of}`).toBe(SUBSCRIBE_ANSWER_OF_HTTP[http]);
        }
      }
    });

    it.each(SOCKET_STATES)('%s: demande:<id>, meet:<id> and meet.join answer as GET demande, GET session and GET ice', async (state) => {
      const cell = await buildCell(state);
      // No session yet in an open demande: an id nobody has, as unknown to HTTP as to /ws.
      const meetSessionId = cell.meetSessionId ?? randomUUID();
      const seen: Record<string, string[]> = {};
      for (const role of signedIn) {
        const socket = sockets[role];
        const demande = await httpAnswer(role, `/api/demandes/${cell.demandeId}`);
        const session = await httpAnswer(role, `/api/meet-sessions/${meetSessionId}`);
        const ice = await httpAnswer(role, `/api/meet-sessions/${meetSessionId}/ice`);
        const answers = {
          demande: [demande, await socket.subscribe(`demande:${cell.demandeId}`)],
          meet: [session, await socket.subscribe(`meet:${meetSessionId}`)],
          join: [ice, await joinAnswer(socket, meetSessionId, `${role}-${state}-page`)],
        };
        expect(answers, role).toEqual({
          demande: [demande, SUBSCRIBE_ANSWER_OF_HTTP[demande]],
          meet: [session, SUBSCRIBE_ANSWER_OF_HTTP[session]],
          join: [ice, JOIN_ANSWER_OF_HTTP[ice]],
        });
        seen[role] = [answers.demande[1], answers.meet[1], answers.join[1]].map(String);
      }
      // The agreement is not vacuous: outsiders are refused what participants get, in every state.
      expect(seen.stranger![1]).toBe('TOPIC_NOT_FOUND');
      expect(seen.otherPrestataire!.slice(1)).toEqual(['TOPIC_NOT_FOUND', 'MEET_SESSION_NOT_FOUND']);
    });
  });
});
