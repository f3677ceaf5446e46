import { useState, type FormEvent } from 'react';
import { proposeOffreInput } from '../../shared/schemas.ts';
import { useProposeOffre } from '../hooks/useOffres.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { eurosToCents, validateForm, type FieldErrors } from './form.ts';
import { TextField } from './TextField.tsx';

const DEFAULT_VALIDITY_DAYS = '7';

export function ProposeOffreForm({ demandeId }: { demandeId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const propose = useProposeOffre(demandeId);
  const [price, setPrice] = useState('');
  const [message, setMessage] = useState('');
  const [validForDays, setValidForDays] = useState(DEFAULT_VALIDITY_DAYS);
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const priceCents = eurosToCents(price);
    if (priceCents === 'invalid' || priceCents === null) return setErrors({ priceCents: t('validation.amount') });
    const days = Number(validForDays);
    if (!Number.isInteger(days) || days < 1 || days > 90) return setErrors({ validForDays: t('validation.days') });
    const checked = validateForm(i18n, proposeOffreInput, { priceCents, message, validForDays: days });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    propose.mutate(checked.data);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="propose-offre-title">
      <h2 id="propose-offre-title">{t('proposeOffre.title')}</h2>
      <TextField label={t('proposeOffre.price')} name="price" value={price} onChange={setPrice} error={errors.priceCents} inputMode="decimal" required />
      <TextField label={t('proposeOffre.message')} name="message" value={message} onChange={setMessage} error={errors.message} multiline required />
      <TextField
        label={t('proposeOffre.validForDays')}
        name="validForDays"
        type="number"
        value={validForDays}
        onChange={setValidForDays}
        error={errors.validForDays}
        inputMode="numeric"
      />
      {propose.error && <ErrorMessage error={propose.error} />}
      <button type="submit" className="button primary" disabled={propose.isPending}>
        {propose.isPending ? t('proposeOffre.submitting') : t('proposeOffre.submit')}
      </button>
    </form>
  );
}
