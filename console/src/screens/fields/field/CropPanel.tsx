import { useState } from 'preact/hooks';
import { currentLang, formatDate, type MessageKey, t } from '../../../i18n';
import { Empty } from '../../../ui/Empty';
import type { AsyncState } from '../../../ui/useApi';
import { CropCycleForm } from './CropCycleForm';
import { currentCycle } from './currentCycle';
import { Loaded, Panel } from './Panel';
import type { Advisory, Crop, CropCycle, Page } from './types';

type Reloadable<T> = AsyncState<T> & { reload: () => void };

const STAGES: Record<string, MessageKey> = {
  initial: 'field.stage.initial',
  development: 'field.stage.development',
  'mid-season': 'field.stage.midSeason',
  'late-season': 'field.stage.lateSeason',
};

/**
 * The crop on the field today and its growth stage. The stage is the advisories' (FAO-56 stages
 * from the crop's sowing date); when they cannot be had, the crop is still shown without it.
 */
export function CropPanel(props: {
  fieldId: string;
  cycles: Reloadable<Page<CropCycle>>;
  advisory: AsyncState<Advisory>;
  crops: Reloadable<{ items: Crop[] }>;
  canAdd: boolean;
  onAdded: () => void;
}) {
  const [adding, setAdding] = useState(false);
  return (
    <Panel id="field-crop" title={t('field.crop.title')}>
      <Loaded state={props.cycles}>
        {({ items }) => {
          const cycle = currentCycle(items);
          return (
            <>
              {cycle ? (
                <CycleFacts cycle={cycle} advisory={props.advisory} crops={props.crops} />
              ) : (
                <Empty>
                  <p>{t('field.crop.empty')}</p>
                </Empty>
              )}
              {!props.canAdd ? null : adding ? (
                <CropCycleForm
                  fieldId={props.fieldId}
                  crops={props.crops}
                  onSaved={() => {
                    setAdding(false);
                    props.onAdded();
                  }}
                  onCancel={() => setAdding(false)}
                />
              ) : (
                <button type="button" onClick={() => setAdding(true)}>
                  {t('field.crop.add')}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </Panel>
  );
}

function CycleFacts({
  cycle,
  advisory,
  crops,
}: {
  cycle: CropCycle;
  advisory: AsyncState<Advisory>;
  crops: AsyncState<{ items: Crop[] }>;
}) {
  const crop = crops.data?.items.find((c) => c.code === cycle.crop);
  const name = crop ? (currentLang() === 'hi' ? crop.nameHi : crop.nameEn) : cycle.crop;
  const advised = advisory.data?.cropCycle?.id === cycle.id ? advisory.data.cropCycle : undefined;
  const stage = advised?.stage ? STAGES[advised.stage] : undefined;
  return (
    <dl class="field-facts">
      <dt>{t('field.crop.crop')}</dt>
      <dd>{cycle.variety ? t('field.crop.withVariety', { crop: name, variety: cycle.variety }) : name}</dd>
      <dt>{t('field.crop.season')}</dt>
      <dd>{t(`field.season.${cycle.season}`)}</dd>
      <dt>{t('field.crop.sown')}</dt>
      <dd>{formatDate(cycle.sowingDate)}</dd>
      {cycle.expectedHarvestDate && (
        <>
          <dt>{t('field.crop.harvest')}</dt>
          <dd>{formatDate(cycle.expectedHarvestDate)}</dd>
        </>
      )}
      <dt>{t('field.crop.stage')}</dt>
      <dd>
        {!advised
          ? t('field.crop.stageUnknown')
          : stage
            ? t('field.crop.stageOnDay', { stage: t(stage), day: advised.dayAfterSowing })
            : // Kheti has no FAO-56 stage lengths for every crop: the day still tells an agronomist a lot.
              t('field.crop.dayOnly', { day: advised.dayAfterSowing })}
      </dd>
    </dl>
  );
}
