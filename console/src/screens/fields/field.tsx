import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useSession } from '../../auth/session';
import { currentLang, t } from '../../i18n';
import type { Field } from '../../map/types';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useApi, useAsync } from '../../ui/useApi';
import { AdvicePanel } from './field/AdvicePanel';
import { AnalysisPanel } from './field/AnalysisPanel';
import { CropPanel } from './field/CropPanel';
import { MapPanel } from './field/MapPanel';
import { MarketsPanel } from './field/MarketsPanel';
import { NdviPanel } from './field/NdviPanel';
import { SoilPanel } from './field/SoilPanel';
import type { Advisory, Crop, CropCycle, Page } from './field/types';
import { WeatherPanel } from './field/WeatherPanel';
import '../../styles/field.css';

/** The roles Kheti allows to write a field's records and start analyses (src/auth/permissions.ts: staff). */
const STAFF = ['tenant_admin', 'agronomist', 'platform_admin'];

/**
 * One field (#/fields/<id>): its map, NDVI over time, crop, today's advice, weather, best markets,
 * soil test and a new satellite analysis. Each panel loads on its own and shows its own problem, so
 * one failing call never blanks the page; only the field itself must load first (its name is the heading).
 */
export function FieldScreen({ id }: { id: string }) {
  const path = `/v1/fields/${encodeURIComponent(id)}`;
  const field = useApi<Field>(path);
  const lang = currentLang();
  // Shared by two panels each: the crop panel and the markets panel need the cycles, the crop and advice panels the advisory.
  const cycles = useApi<Page<CropCycle>>(`${path}/crop-cycles?limit=200`);
  // The advisory's texts are in the request's language, so switching language asks again.
  const advisory = useAsync((signal) => api.get<Advisory>(`${path}/advisories`, { signal }), [path, lang]);
  const crops = useApi<{ items: Crop[] }>('/v1/crops');
  const session = useSession();
  // Kheti lets staff (not farmers or viewers) record crops and start analyses: others are not offered what would be refused.
  const isStaff = session.status === 'signedIn' && STAFF.includes(session.role);
  // Bumped when an analysis finishes: the chart and the map read the new scenes.
  const [analysed, setAnalysed] = useState(0);

  if (field.status === 'loading') return <Loading />;
  if (field.status === 'error') {
    return (
      <>
        <h1>{t('field.title')}</h1>
        <Problem problem={field.problem} onRetry={field.reload} />
      </>
    );
  }
  return (
    <>
      <h1>{field.data.name}</h1>
      <div class="field-page">
        <MapPanel key={`map-${analysed}`} field={field.data} />
        <NdviPanel key={`ndvi-${analysed}`} fieldId={id} />
        {isStaff && <AnalysisPanel fieldId={id} onDone={() => setAnalysed((n) => n + 1)} />}
        <AdvicePanel advisory={advisory} />
        <CropPanel
          fieldId={id}
          cycles={cycles}
          advisory={advisory}
          crops={crops}
          canAdd={isStaff}
          onAdded={() => {
            cycles.reload();
            advisory.reload();
          }}
        />
        <WeatherPanel fieldId={id} />
        <MarketsPanel fieldId={id} cycles={cycles} />
        <SoilPanel fieldId={id} />
      </div>
    </>
  );
}
