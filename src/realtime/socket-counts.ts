import type { RealtimeLimits } from './limits.ts';

/**
 * This instance's open sockets per account and per address. Each socket costs memory, a share of
 * the fan-out and a database lookup per subscription: one account's, or one address's, cannot
 * crowd out everyone else's.
 */
export class SocketCounts {
  private readonly byAccount = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: Pick<RealtimeLimits, 'maxSocketsPerAccount' | 'maxSocketsPerAddress'>) {}

  /** Counts a socket in, or answers why not (its account or its address has its fill). */
  admit(accountId: string, address: string): 'account' | 'address' | undefined {
    if ((this.byAccount.get(accountId) ?? 0) >= this.limits.maxSocketsPerAccount) return 'account';
    if ((this.byAddress.get(address) ?? 0) >= this.limits.maxSocketsPerAddress) return 'address';
    bump(this.byAccount, accountId, 1);
    bump(this.byAddress, address, 1);
    return undefined;
  }

  release(accountId: string, address: string): void {
    bump(this.byAccount, accountId, -1);
    bump(this.byAddress, address, -1);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
