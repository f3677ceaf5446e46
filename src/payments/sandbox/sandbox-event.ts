import { z } from 'zod';
import type { PaymentStatus } from '../../shared/statuses.ts';

/** What the sandbox posts to Accord's webhook: the same envelope shape as Stripe's events. */
export const sandboxEvent = z.object({
  id: z.string().regex(/^evt_[\w-]{8,100}$/),
  type: z.enum(['payment.processing', 'payment.succeeded', 'payment.failed']),
  created: z.number().int(),
  data: z.object({ paymentId: z.uuid(), failureCode: z.string().max(100).optional() }),
});

export type SandboxEvent = z.infer<typeof sandboxEvent>;

export const statusOfSandboxEvent: Record<SandboxEvent['type'], PaymentStatus> = {
  'payment.processing': 'processing',
  'payment.succeeded': 'succeeded',
  'payment.failed': 'failed',
};

/** The header carrying the signature, in Stripe's `t=…,v1=…` scheme. */
export const SANDBOX_SIGNATURE_HEADER = 'accord-sandbox-signature';
