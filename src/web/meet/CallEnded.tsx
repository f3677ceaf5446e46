import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { callApi } from './call-api.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;
const reviewKey = (meetSessionId: string) => ['meet-session', meetSessionId, 'review'] as const;

/** After leaving: the call is over, and each participant may review it once. */
export function CallEnded({ meetSessionId, otherName, onRejoin }: { meetSessionId: string; otherName: string; onRejoin(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: reviewKey(meetSessionId), queryFn: () => callApi.myReview(meetSessionId) });
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const submit = useMutation({
    mutationFn: () => callApi.submitReview(meetSessionId, { rating: rating!, comment }),
    onSuccess: (review) => queryClient.setQueryData(reviewKey(meetSessionId), review),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rating !== null) submit.mutate();
  };

  return (
    <section className="card meet-ended" aria-labelledby="ended-title">
      <h2 id="ended-title">{t('meet.endedTitle')}</h2>
      <p>{t('meet.endedBody', { name: otherName })}</p>
      {mine.data ? (
        <p className="notice notice-success" role="status">
          {submit.isSuccess ? t('meet.review.sent') : t('meet.review.yours', { rating: mine.data.rating })}
        </p>
      ) : (
        mine.isSuccess && (
          <form className="stack" onSubmit={onSubmit} aria-labelledby="review-title">
            <h3 id="review-title">{t('meet.review.title')}</h3>
            <fieldset className="meet-rating">
              <legend>{t('meet.review.rating')}</legend>
              {RATINGS.map((value) => (
                <label key={value}>
                  <input type="radio" name="rating" value={value} checked={rating === value} onChange={() => setRating(value)} required />
                  <span>{t('meet.review.stars', { count: value })}</span>
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>{t('meet.review.comment')}</span>
              <textarea value={comment} maxLength={2_000} rows={3} onChange={(event) => setComment(event.target.value)} />
            </label>
            {submit.isError && <ErrorMessage error={submit.error} />}
            <div className="actions">
              <button type="submit" className="button primary" disabled={rating === null || submit.isPending}>
                {t('meet.review.submit')}
              </button>
            </div>
          </form>
        )
      )}
      <button type="button" className="button secondary" onClick={onRejoin}>
        {t('meet.rejoin')}
      </button>
    </section>
  );
}
