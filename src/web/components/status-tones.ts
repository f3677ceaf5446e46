import type { DemandeDto, MeetSessionDto, OffreDto } from '../../shared/schemas.ts';
import type { Tone } from './StatusBadge.tsx';

export const OFFRE_TONES: Record<OffreDto['status'], Tone> = {
  pending: 'info',
  accepted: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  expired: 'neutral',
};

export const DEMANDE_TONES: Record<DemandeDto['status'], Tone> = { open: 'info', accepted: 'success', cancelled: 'neutral' };

export const SESSION_TONES: Record<MeetSessionDto['status'], Tone> = { awaiting_payment: 'warning', ready: 'success', in_call: 'success', cancelled: 'neutral' };
