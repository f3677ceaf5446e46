import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import type { DemandeDto, MeetSessionDto } from '../../shared/schemas.ts';
import { queryKeys } from '../api/query-keys.ts';
import { liveTopics } from './live-topics.ts';

const ME = '00000000-0000-4000-8000-000000000001';
const SOMEONE = '00000000-0000-4000-8000-000000000002';

const demande = (id: string, creatorId: string) => ({ id, creator: { id: creatorId, displayName: 'x' } }) as DemandeDto;

/** A cache as the app fills it; `shown` keys get an observer, as a mounted screen's useQuery would. */
function cacheWith(entries: { key: readonly unknown[]; data: unknown; shown: boolean }[]) {
  const client = new QueryClient();
  for (const { key, data, shown } of entries) {
    client.setQueryData(key, data);
    if (shown) new QueryObserver(client, { queryKey: key, queryFn: () => data, staleTime: Infinity }).subscribe(() => {});
  }
  return client.getQueryCache();
}

describe('liveTopics: what the tab listens to', () => {
  test("always the user's own topic", () => {
    expect([...liveTopics(cacheWith([]), ME)]).toEqual([`user:${ME}`]);
  });

  test('the sessions on screen, not those only cached', () => {
    const cache = cacheWith([
      { key: queryKeys.meetSession('s1'), data: {} as MeetSessionDto, shown: true },
      { key: queryKeys.meetSession('s2'), data: {} as MeetSessionDto, shown: false },
      { key: queryKeys.meetSessionTimeline('s3'), data: [], shown: true },
    ]);
    expect([...liveTopics(cache, ME)].sort()).toEqual(['meet:s1', `user:${ME}`]);
  });

  test('every demande on screen, whoever created it: the server decides what each listener hears', () => {
    const cache = cacheWith([
      { key: queryKeys.demande('mine'), data: demande('mine', ME), shown: true },
      { key: queryKeys.demande('listed'), data: demande('listed', SOMEONE), shown: true },
      { key: queryKeys.demande('cached'), data: demande('cached', SOMEONE), shown: false },
      { key: queryKeys.demandeOffres('offres-only'), data: [], shown: true },
    ]);
    expect([...liveTopics(cache, ME)].sort()).toEqual(['demande:listed', 'demande:mine', `user:${ME}`]);
  });
});
