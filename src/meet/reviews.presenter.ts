import type { ReviewDto } from '../shared/meet.ts';
import type { MeetReviewRow } from '../db/schema.ts';

export const toReviewDto = (row: MeetReviewRow): ReviewDto => ({
  id: row.id,
  meetSessionId: row.meetSessionId,
  rating: row.rating,
  comment: row.comment,
  createdAt: row.createdAt.toISOString(),
});
