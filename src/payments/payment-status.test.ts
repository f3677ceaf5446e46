import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentStatuses, type PaymentStatus } from '../shared/statuses.ts';
import { canMove } from './payment-status.ts';

/** Applies the updates a provider sends, in whatever order they arrive, as the service does. */
const settle = (updates: PaymentStatus[]) =>
  updates.reduce<PaymentStatus>((status, next) => (canMove(status, next) ? next : status), 'requires_payment');

describe('payment status transitions', () => {
  it('never goes back from succeeded, except to refunded', () => {
    for (const to of paymentStatuses) expect(canMove('succeeded', to)).toBe(to === 'refunded');
  });

  it('keeps failed and refunded final, and a canceled attempt from ever succeeding', () => {
    for (const to of paymentStatuses) {
      expect(canMove('failed', to)).toBe(false);
      expect(canMove('refunded', to)).toBe(false);
      expect(canMove('canceled', to)).toBe(to === 'refunded');
    }
  });

  it('ends succeeded whatever order processing and succeeded arrive in, however often replayed', () => {
    const delivery = fc.array(fc.constantFrom<PaymentStatus>('processing', 'succeeded'), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(delivery, (updates) => {
        fc.pre(updates.includes('succeeded'));
        expect(settle(updates)).toBe('succeeded');
      }),
    );
  });
});
