import type { PaymentStatus } from '../shared/statuses.ts';

/**
 * The only moves a payment makes, always forward: a late or replayed `processing` never undoes a
 * `succeeded`, and a settled attempt never reopens (a new attempt is a new row).
 */
const nextStatuses: Record<PaymentStatus, readonly PaymentStatus[]> = {
  requires_payment: ['processing', 'succeeded', 'failed', 'canceled'],
  processing: ['succeeded', 'failed', 'canceled'],
  succeeded: ['refunded'],
  failed: [],
  // Money that arrived anyway for a canceled attempt is given back (see applyPaymentUpdate).
  canceled: ['refunded'],
  refunded: [],
};

export const canMove = (from: PaymentStatus, to: PaymentStatus): boolean => nextStatuses[from].includes(to);

/** An attempt the payer can still complete: its checkout page is worth showing. */
export const isPayable = (status: PaymentStatus): status is 'requires_payment' | 'processing' =>
  status === 'requires_payment' || status === 'processing';
