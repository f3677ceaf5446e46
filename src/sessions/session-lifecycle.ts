import type { MeetSessionStatus } from '../shared/statuses.ts';

/**
 * The meet session's lifecycle, its only moves. Created with its accepted offre (awaiting
 * payment); paid, it is ready (its call opens); the first participant to join puts it in call;
 * the demandeur may cancel it until then. Only src/sessions writes a session's status, through
 * one function per move (sessions.service.ts).
 */
const nextStatuses: Record<MeetSessionStatus, readonly MeetSessionStatus[]> = {
  awaiting_payment: ['ready', 'cancelled'],
  ready: ['in_call', 'cancelled'],
  in_call: [],
  cancelled: [],
};

export const canMoveSession = (from: MeetSessionStatus, to: MeetSessionStatus): boolean => nextStatuses[from].includes(to);
