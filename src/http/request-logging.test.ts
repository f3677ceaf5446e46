import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demandeWithOffres, signUp, type TestApp } from '../../test/support/app.ts';
import { TestSocket } from '../../test/support/realtime.ts';

describe('logs (pglite)', () => {
  const lines: Record<string, unknown>[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { config: { LOG_LEVEL: 'info' }, logStream: { write: (line) => void lines.push(JSON.parse(line)) } });
  });
  afterAll(() => t.close());

  const linesOf = (requestId: unknown) => lines.filter((line) => line.requestId === requestId);

  it('writes one line per answered request, with what it asked and how it was answered, never the cookie', async () => {
    const camille = await signUp(t.app, 'Camille');
    lines.length = 0;
    const answer = await camille.get('/api/me');
    expect(answer.statusCode).toBe(200);

    expect(lines).toHaveLength(1);
    const [line] = lines as [Record<string, any>];
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/api/me' }, res: { statusCode: 200 } });
    expect(line.responseTime).toBeGreaterThan(0);
    expect(JSON.stringify(line)).not.toContain(camille.cookie!.split('=')[1]);
  });

  it('an acceptance: its line carries demandeId, offreId, meetSessionId and callId, beside its request line', async () => {
    const [demandeur, prestataire] = [await signUp(t.app, 'Camille'), await signUp(t.app, 'Hugo')];
    const { demandeId, offreIds } = await demandeWithOffres(demandeur, [prestataire]);
    lines.length = 0;
    const accepted = await demandeur.post(`/api/offres/${offreIds[0]}/accept`);
    expect(accepted.statusCode).toBe(200);
    const { meetSessionId, callId } = accepted.json();

    const acceptance = lines.find((line) => line.msg === 'offre accepted');
    expect(acceptance).toMatchObject({ demandeId, offreId: offreIds[0], meetSessionId, callId, created: true });
    expect(linesOf(acceptance!.requestId).map((line) => line.msg)).toEqual(['offre accepted', 'request completed']);
  });

  it('an opened WebSocket: one line too, though its request is never answered in HTTP', async () => {
    const camille = await signUp(t.app, 'Camille');
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    lines.length = 0;
    const socket = await TestSocket.open(baseUrl, camille.cookie);
    socket.close();

    const opened = lines.filter((line) => line.level === 30);
    expect(opened).toEqual([expect.objectContaining({ msg: 'websocket opened', req: expect.objectContaining({ url: '/ws' }), res: { statusCode: 101 } })]);
  });
});
