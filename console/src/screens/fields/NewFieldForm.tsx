import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../../api/client';
import { currentLang, t } from '../../i18n';
import type { Boundary, Field } from '../../map/types';
import { Problem } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';

interface Farm {
  id: string;
  name: string;
  village: string | null;
}

interface Crop {
  code: string;
  nameEn: string;
  nameHi: string;
}

const SEASONS = ['kharif', 'rabi', 'zaid'] as const;

interface NewFieldFormProps {
  boundary: Boundary | undefined;
  /** stayOpen: the field was saved but its crop cycle refused, and the form stays to say so. */
  onCreated: (field: Field, stayOpen: boolean) => void;
  onRedraw: () => void;
  onCancel: () => void;
}

/** Name, farm and optional crop of the polygon just drawn; saves the field, then its crop cycle when a crop is picked. */
export function NewFieldForm({ boundary, onCreated, onRedraw, onCancel }: NewFieldFormProps) {
  const farms = useApi<{ items: Farm[] }>('/v1/farms?limit=200');
  const crops = useApi<{ items: Crop[] }>('/v1/crops');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [cropProblem, setCropProblem] = useState<unknown>();
  const [pickedCrop, setPickedCrop] = useState('');
  const [saved, setSaved] = useState(false);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (!boundary) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const crop = String(form.get('crop') ?? '');
    const season = String(form.get('season') ?? '');
    setSaving(true);
    setProblem(undefined);
    setCropProblem(undefined);
    try {
      const field = await api.post<Field>('/v1/fields', {
        body: { farmId: form.get('farmId'), name: String(form.get('name') ?? '').trim(), boundary },
      });
      if (crop) {
        try {
          await api.post(`/v1/fields/${field.id}/crop-cycles`, {
            body: { crop, sowingDate: form.get('sowingDate'), ...(season ? { season } : {}) },
          });
        } catch (refused) {
          // The field exists now: show it, and say plainly that its crop was not recorded.
          setCropProblem(refused);
          setSaved(true);
          onCreated(field, true);
          return;
        }
      }
      onCreated(field, false);
    } catch (refused) {
      setProblem(refused);
    } finally {
      setSaving(false);
    }
  }

  const errorOf = (path: string) => (problem instanceof ApiProblem ? problem.errors.find((e) => e.path === path)?.message : undefined);
  const farmList = farms.data?.items ?? [];

  return (
    <form class="new-field stack" onSubmit={save} aria-labelledby="new-field-title">
      <h2 id="new-field-title">{t('fields.new.title')}</h2>
      <p>{boundary ? t('fields.new.drawn') : t('fields.new.howTo')}</p>
      {problem !== undefined && <SaveProblem problem={problem} />}
      {cropProblem !== undefined && (
        <div>
          <p>{t('fields.new.cropNotSaved')}</p>
          <Problem problem={cropProblem} />
        </div>
      )}
      <label for="new-field-name">{t('fields.new.name')}</label>
      <input
        id="new-field-name"
        name="name"
        required
        maxLength={200}
        aria-describedby={errorOf('body.name') ? 'new-field-name-error' : undefined}
      />
      {errorOf('body.name') && (
        <p id="new-field-name-error" class="field-error">
          {errorOf('body.name')}
        </p>
      )}
      <label for="new-field-farm">{t('fields.new.farm')}</label>
      {farms.status === 'error' ? (
        <Problem problem={farms.problem} onRetry={farms.reload} />
      ) : (
        <select id="new-field-farm" name="farmId" required disabled={farms.status === 'loading'}>
          {farmList.map((farm) => (
            <option key={farm.id} value={farm.id}>
              {farm.village && !farm.name.includes(farm.village) ? `${farm.name} (${farm.village})` : farm.name}
            </option>
          ))}
        </select>
      )}
      <label for="new-field-crop">{t('fields.new.crop')}</label>
      <select id="new-field-crop" name="crop" value={pickedCrop} onChange={(event) => setPickedCrop(event.currentTarget.value)}>
        <option value="">{t('fields.new.noCrop')}</option>
        {(crops.data?.items ?? []).map((crop) => (
          <option key={crop.code} value={crop.code}>
            {currentLang() === 'hi' ? crop.nameHi : crop.nameEn}
          </option>
        ))}
      </select>
      <label for="new-field-season">{t('fields.new.season')}</label>
      <select id="new-field-season" name="season">
        <option value="">{t('fields.new.cropSeason')}</option>
        {SEASONS.map((season) => (
          <option key={season} value={season}>
            {t(`fields.season.${season}`)}
          </option>
        ))}
      </select>
      <label for="new-field-sowing">{t('fields.new.sowingDate')}</label>
      <input id="new-field-sowing" name="sowingDate" type="date" required={pickedCrop !== ''} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={saving || saved || !boundary}>
          {saving ? t('fields.new.saving') : t('fields.new.save')}
        </button>
        <button type="button" onClick={onRedraw} disabled={saving || saved}>
          {t('fields.new.redraw')}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          {saved ? t('fields.new.close') : t('fields.new.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A refused boundary in plain words: Kheti's detail names the rule that failed ("the edge from this
 * position crosses…"), where the errors list would only point into the GeoJSON. Name and farm errors
 * show next to their inputs; anything else is the usual problem box.
 */
function SaveProblem({ problem }: { problem: unknown }) {
  if (!(problem instanceof ApiProblem) || problem.status !== 422 || !problem.errors.some((e) => e.path.startsWith('body.boundary'))) {
    return <Problem problem={problem} />;
  }
  return (
    <div class="problem" role="alert">
      <p class="problem-title">{t('fields.new.boundaryRefused')}</p>
      <p>{problem.detail ?? problem.title}</p>
    </div>
  );
}
