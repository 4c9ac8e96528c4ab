import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { type MessageKey, t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import { errorFor, FormField, unplacedProblem } from './form';
import { type FarmerFormValues, valuesOf } from './form-values';
import { CATEGORIES, DECLARATIONS, type Farmer, GENDERS, LAND_OWNERSHIPS, SOCIAL_CATEGORIES } from './types';

type TextKey = Exclude<keyof FarmerFormValues, 'declarations'>;

interface Props {
  /** The farmer being edited; absent for a new one. */
  farmer?: Farmer | undefined;
  /** Saves; a thrown ApiProblem's field errors are shown next to their inputs. */
  onSubmit: (values: FarmerFormValues) => Promise<void>;
  onCancel: () => void;
}

/** Creates or edits a farmer, with the profile that scheme eligibility reads. */
export function FarmerForm({ farmer, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState(() => valuesOf(farmer));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const set = (key: TextKey, value: string) => setValues({ ...values, [key]: value });

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await onSubmit(values);
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  const text = (
    key: TextKey,
    options: { type?: 'text' | 'tel' | 'number' | 'date'; hint?: string; required?: boolean; inputMode?: 'numeric' | 'decimal' } = {},
  ) => (
    <FormField
      id={`farmer-${key}`}
      label={
        options.required
          ? t('farmers.form.requiredLabel', { label: t(`farmers.field.${key}` as MessageKey) })
          : t(`farmers.field.${key}` as MessageKey)
      }
      hint={options.hint}
      error={errorFor(problem, `body.${key}`)}
    >
      {(aria) => (
        <input
          {...aria}
          // Preact's types tie attributes to each input type; these four share the ones used here.
          type={(options.type ?? 'text') as 'text'}
          inputMode={options.inputMode}
          step={options.type === 'number' ? 'any' : undefined}
          aria-required={options.required ? 'true' : undefined}
          value={values[key]}
          onInput={(e) => set(key, e.currentTarget.value)}
        />
      )}
    </FormField>
  );

  const choice = (key: TextKey, options: readonly string[], hint?: string) => (
    <FormField id={`farmer-${key}`} label={t(`farmers.field.${key}` as MessageKey)} hint={hint} error={errorFor(problem, `body.${key}`)}>
      {(aria) => (
        <select {...aria} value={values[key]} onChange={(e) => set(key, e.currentTarget.value)}>
          <option value="">{t('farmers.form.notGiven')}</option>
          {/* A value stored before the list existed (free text) stays selectable. */}
          {values[key] !== '' && !options.includes(values[key]) && <option value={values[key]}>{values[key]}</option>}
          {options.map((option) => (
            <option key={option} value={option}>
              {t(`farmers.${key}.${option}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );

  const placed = [...Object.keys(values).map((key) => `body.${key}`)];
  return (
    <form class="farmer-form" onSubmit={submit} noValidate>
      {/* Validation is Kheti's: its 422 puts each reason next to the input it concerns. */}
      <fieldset>
        <legend>{t('farmers.form.who')}</legend>
        {text('name', { required: true })}
        {text('phone', { type: 'tel', hint: farmer?.phone ? t('farmers.form.keepHint', { masked: farmer.phone }) : undefined })}
        {text('village')}
        {text('district')}
        {text('state', { required: true, hint: t('farmers.form.stateHint') })}
        {choice('language', ['en', 'hi'])}
      </fieldset>
      <fieldset>
        <legend>{t('farmers.form.land')}</legend>
        {text('landHoldingHa', { type: 'number', inputMode: 'decimal' })}
        {choice('category', CATEGORIES, t('farmers.form.categoryHint'))}
        {choice('landOwnership', LAND_OWNERSHIPS)}
      </fieldset>
      <fieldset>
        <legend>{t('farmers.form.eligibility')}</legend>
        {choice('gender', GENDERS)}
        {text('dateOfBirth', { type: 'date' })}
        {choice('socialCategory', SOCIAL_CATEGORIES)}
      </fieldset>
      <fieldset>
        <legend>{t('farmers.form.identity')}</legend>
        {text('aadhaar', {
          inputMode: 'numeric',
          hint: farmer?.aadhaar ? t('farmers.form.keepHint', { masked: farmer.aadhaar }) : t('farmers.form.aadhaarHint'),
        })}
        {text('bankAccount', {
          inputMode: 'numeric',
          hint: farmer?.bankAccount ? t('farmers.form.keepHint', { masked: farmer.bankAccount }) : undefined,
        })}
        {text('ifsc', { hint: t('farmers.form.ifscHint') })}
      </fieldset>
      <fieldset>
        <legend>{t('farmers.form.declarations')}</legend>
        <p class="form-hint">{t('farmers.form.declarationsHint')}</p>
        {DECLARATIONS.map((name) => (
          <FormField
            key={name}
            id={`farmer-declaration-${name}`}
            label={t(`farmers.declaration.${name}`)}
            error={errorFor(problem, `body.declarations.${name}`)}
          >
            {(aria) => (
              <select
                {...aria}
                value={values.declarations[name]}
                onChange={(e) =>
                  setValues({ ...values, declarations: { ...values.declarations, [name]: e.currentTarget.value as '' | 'yes' | 'no' } })
                }
              >
                <option value="">{t('farmers.form.notDeclared')}</option>
                <option value="yes">{t('farmers.form.yes')}</option>
                <option value="no">{t('farmers.form.no')}</option>
              </select>
            )}
          </FormField>
        ))}
      </fieldset>
      {problem !== undefined && unplacedProblem(problem, placed) !== undefined && <Problem problem={problem} />}
      {problem !== undefined && unplacedProblem(problem, placed) === undefined && (
        <p class="form-error" role="alert">
          {t('farmers.form.fixErrors')}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('farmers.form.saving') : farmer ? t('farmers.form.save') : t('farmers.form.create')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('farmers.form.cancel')}
        </button>
      </div>
    </form>
  );
}
