import { QueryClient } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { keysForTopic, queryKeys, type QueryKey } from './query-keys.ts';

const DEMANDE = 'd1';
const OTHER_DEMANDE = 'd2';
const SESSION = 's1';

/** A cache holding every key the app uses, for two demandes and one session. */
function filledCache(): { client: QueryClient; keys: Record<string, QueryKey> } {
  const keys: Record<string, QueryKey> = {
    me: queryKeys.me,
    openDemandes: queryKeys.demandeList('open'),
    myDemandes: queryKeys.demandeList('mine'),
    demande: queryKeys.demande(DEMANDE),
    demandeOffres: queryKeys.demandeOffres(DEMANDE),
    otherDemande: queryKeys.demande(OTHER_DEMANDE),
    otherDemandeOffres: queryKeys.demandeOffres(OTHER_DEMANDE),
    myOffres: queryKeys.myOffres,
    session: queryKeys.meetSession(SESSION),
    timeline: queryKeys.meetSessionTimeline(SESSION),
    notifications: queryKeys.notifications,
  };
  const client = new QueryClient();
  for (const key of Object.values(keys)) client.setQueryData(key, 'cached');
  return { client, keys };
}

async function staleAfter(topic: string): Promise<string[]> {
  const { client, keys } = filledCache();
  for (const queryKey of keysForTopic(topic)) await client.invalidateQueries({ queryKey });
  return Object.entries(keys)
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name)
    .sort();
}

describe('keysForTopic: what a live update makes stale', () => {
  test('demande:<id> refreshes that demande, its offres and the lists showing it, not other demandes', async () => {
    expect(await staleAfter(`demande:${DEMANDE}`)).toEqual(['demande', 'demandeOffres', 'myDemandes', 'myOffres', 'openDemandes']);
  });

  test('meet:<id> refreshes the session and its timeline only', async () => {
    expect(await staleAfter(`meet:${SESSION}`)).toEqual(['session', 'timeline']);
  });

  test("user:<id> refreshes the user's lists and notifications", async () => {
    expect(await staleAfter('user:u1')).toEqual(['myDemandes', 'myOffres', 'notifications', 'openDemandes']);
  });

  test('an unknown or malformed topic refreshes nothing', async () => {
    expect(await staleAfter('payments:x')).toEqual([]);
    expect(await staleAfter('demande:')).toEqual([]);
    expect(await staleAfter('nonsense')).toEqual([]);
  });
});
