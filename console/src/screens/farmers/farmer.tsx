import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../../api/client';
import { isAdmin, useSession } from '../../auth/session';
import { t } from '../../i18n';
import { navigate, useRoute } from '../../router';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import { EligibleSchemes } from './EligibleSchemes';
import { FarmerApplications } from './FarmerApplications';
import { FarmerDetails } from './FarmerDetails';
import { FarmerFields } from './FarmerFields';
import { FarmerForm } from './FarmerForm';
import { patchBody, valuesOf } from './form-values';
import { PersonalData } from './PersonalData';
import { useRights } from './roles';
import type { Farmer } from './types';
import '../../styles/farmers.css';

/** #/farmers/<id>: one farmer's record, fields, eligible schemes and applications; `?edit=1` edits the record. */
export function FarmerScreen({ id }: { id: string }) {
  const { query } = useRoute();
  const session = useSession();
  const admin = session.status === 'signedIn' && isAdmin(session.role);
  const { editFarmers } = useRights();
  const editing = editFarmers && query.get('edit') === '1';
  const [notice, setNotice] = useState<string>();
  const farmer = useAsync((signal) => api.getWithEtag<Farmer>(`/v1/farmers/${id}`, { signal }), [id]);

  if (farmer.status === 'loading') return <Loading />;
  if (farmer.status === 'error') return <Problem problem={farmer.problem} onRetry={farmer.reload} />;
  const { data: record, etag } = farmer.data;

  const save = async (values: Parameters<typeof patchBody>[0]) => {
    try {
      await api.patch<Farmer>(`/v1/farmers/${id}`, { body: patchBody(values, valuesOf(record)), ...(etag ? { ifMatch: etag } : {}) });
    } catch (problem) {
      if (!(problem instanceof ApiProblem) || problem.status !== 412) throw problem;
      // Someone changed the record since it was read: show theirs, and say so, rather than overwrite it.
      setNotice(t('farmers.edit.stale'));
      farmer.reload();
      return;
    }
    setNotice(t('farmers.edit.saved'));
    farmer.reload();
    navigate(`/farmers/${id}`);
  };

  return (
    <>
      <div class="screen-head">
        <h1>{record.name}</h1>
        {editFarmers && !editing && (
          <button type="button" class="primary" onClick={() => navigate(`/farmers/${id}?edit=1`)}>
            {t('farmers.edit.button')}
          </button>
        )}
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {editing ? (
        <section aria-labelledby="farmer-edit-heading">
          <h2 id="farmer-edit-heading">{t('farmers.edit.title')}</h2>
          {/* Keyed by version: after a 412 the form starts again from the record as it now is. */}
          <FarmerForm key={record.version} farmer={record} onSubmit={save} onCancel={() => navigate(`/farmers/${id}`)} />
        </section>
      ) : (
        <>
          <FarmerDetails farmer={record} />
          <PersonalData farmer={record} canReveal={admin} />
          <FarmerFields farmerId={id} />
          {/* Eligibility follows the profile: a new version asks again. */}
          <EligibleSchemes farmerId={id} version={record.version} />
          <FarmerApplications farmerId={id} />
        </>
      )}
    </>
  );
}
