import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../../../api/client';
import { currentLang, t } from '../../../i18n';
import { Problem } from '../../../ui/Problem';
import type { AsyncState } from '../../../ui/useApi';
import { localDay } from './dates';
import type { Crop, Season } from './types';

const SEASONS: Season[] = ['kharif', 'rabi', 'zaid'];

/** Records a crop sown on the field: POST /v1/fields/{id}/crop-cycles with crop, season and sowing date. */
export function CropCycleForm(props: {
  fieldId: string;
  crops: AsyncState<{ items: Crop[] }> & { reload: () => void };
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [crop, setCrop] = useState('');
  const [season, setSeason] = useState<Season>('rabi');
  const [sowingDate, setSowingDate] = useState(localDay());
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const hindi = currentLang() === 'hi';
  const crops = [...(props.crops.data?.items ?? [])].sort((a, b) =>
    (hindi ? a.nameHi : a.nameEn).localeCompare(hindi ? b.nameHi : b.nameEn),
  );

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setProblem(undefined);
    try {
      await api.post(`/v1/fields/${encodeURIComponent(props.fieldId)}/crop-cycles`, { body: { crop, season, sowingDate } });
      props.onSaved();
    } catch (error) {
      setProblem(error);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = problem instanceof ApiProblem ? problem.errors : [];
  const errorOf = (name: string) => fieldErrors.find((e) => e.path === `body.${name}`)?.message;
  // Errors shown next to their inputs are not repeated in the panel-wide problem.
  const otherErrors = fieldErrors.filter((e) => !['body.crop', 'body.season', 'body.sowingDate'].includes(e.path));

  return (
    <form class="field-form" onSubmit={save} aria-labelledby="crop-form-title">
      <h3 id="crop-form-title">{t('field.crop.formTitle')}</h3>
      {props.crops.status === 'error' && <Problem problem={props.crops.problem} onRetry={props.crops.reload} />}
      <div class="stack">
        <label for="crop-code">{t('field.crop.crop')}</label>
        <select
          id="crop-code"
          required
          value={crop}
          onChange={(e) => setCrop(e.currentTarget.value)}
          aria-invalid={errorOf('crop') ? true : undefined}
        >
          <option value="">{props.crops.status === 'loading' ? t('state.loading') : t('field.crop.choose')}</option>
          {crops.map((c) => (
            <option key={c.code} value={c.code}>
              {hindi ? c.nameHi : c.nameEn}
            </option>
          ))}
        </select>
        {errorOf('crop') && <p class="field-error">{errorOf('crop')}</p>}
      </div>
      <div class="stack">
        <label for="crop-season">{t('field.crop.season')}</label>
        <select id="crop-season" value={season} onChange={(e) => setSeason(e.currentTarget.value as Season)}>
          {SEASONS.map((s) => (
            <option key={s} value={s}>
              {t(`field.season.${s}`)}
            </option>
          ))}
        </select>
        {errorOf('season') && <p class="field-error">{errorOf('season')}</p>}
      </div>
      <div class="stack">
        <label for="crop-sowing">{t('field.crop.sowingDate')}</label>
        <input id="crop-sowing" type="date" required value={sowingDate} onInput={(e) => setSowingDate(e.currentTarget.value)} />
        {errorOf('sowingDate') && <p class="field-error">{errorOf('sowingDate')}</p>}
      </div>
      {problem !== undefined && (fieldErrors.length === 0 || otherErrors.length > 0) && <Problem problem={problem} />}
      <div class="field-form-actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? t('field.crop.saving') : t('field.crop.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('field.crop.cancel')}
        </button>
      </div>
    </form>
  );
}
