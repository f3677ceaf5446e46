import { useState, type FormEvent } from 'react';
import { createDemandeInput } from '../../shared/schemas.ts';
import { useCreateDemande } from '../hooks/useDemandes.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { eurosToCents, validateForm, type FieldErrors } from './form.ts';
import { TextField } from './TextField.tsx';

const EMPTY = { title: '', description: '', budget: '' };

export function CreateDemandeForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const create = useCreateDemande();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const budgetCents = eurosToCents(values.budget);
    if (budgetCents === 'invalid') return setErrors({ budgetCents: t('validation.amount') });
    const checked = validateForm(i18n, createDemandeInput, { title: values.title, description: values.description, budgetCents });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.data, { onSuccess: () => setValues(EMPTY) });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="create-demande-title">
      <h2 id="create-demande-title">{t('createDemande.title')}</h2>
      <TextField label={t('createDemande.titleField')} name="title" value={values.title} onChange={set('title')} error={errors.title} required />
      <TextField
        label={t('createDemande.description')}
        name="description"
        value={values.description}
        onChange={set('description')}
        error={errors.description}
        multiline
        required
      />
      <TextField label={t('createDemande.budget')} name="budget" value={values.budget} onChange={set('budget')} error={errors.budgetCents} inputMode="decimal" />
      {create.error && <ErrorMessage error={create.error} />}
      {create.isSuccess && (
        <p className="alert alert-success" role="status">
          {t('createDemande.created', { title: create.data.title })}
        </p>
      )}
      <button type="submit" className="button primary" disabled={create.isPending}>
        {create.isPending ? t('createDemande.submitting') : t('createDemande.submit')}
      </button>
    </form>
  );
}
