import { z } from 'zod';
import { iceConfig, myReviewAnswer, reviewDto, type reviewInput } from '../../shared/meet.ts';
import { apiRequest, newIdempotencyKey } from '../api/client.ts';

const segment = encodeURIComponent;
const reviewAnswer = z.object({ review: reviewDto });

/** The call's own API calls (ICE servers, reviews). */
export const callApi = {
  ice: (meetSessionId: string) => apiRequest('GET', `/api/meet-sessions/${segment(meetSessionId)}/ice`, iceConfig),
  myReview: async (meetSessionId: string) => (await apiRequest('GET', `/api/meet-sessions/${segment(meetSessionId)}/review`, myReviewAnswer)).review,
  submitReview: async (meetSessionId: string, input: z.input<typeof reviewInput>) =>
    (await apiRequest('POST', `/api/meet-sessions/${segment(meetSessionId)}/review`, reviewAnswer, input, { idempotencyKey: newIdempotencyKey() })).review,
};
