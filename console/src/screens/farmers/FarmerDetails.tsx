import { formatDate, formatNumber, type MessageKey, t } from '../../i18n';
import { DECLARATIONS, type Farmer } from './types';

/** The record and the eligibility profile as definition lists; "not given" where the API has null. */
export function FarmerDetails({ farmer }: { farmer: Farmer }) {
  const none = t('farmers.value.none');
  const coded = (prefix: string, value: string | null) => (value === null ? none : t(`${prefix}.${value}` as MessageKey));
  const rows: [MessageKey, string][] = [
    ['farmers.field.village', farmer.village ?? none],
    ['farmers.field.district', farmer.district ?? none],
    ['farmers.field.state', farmer.state],
    [
      'farmers.field.landHoldingHa',
      farmer.landHoldingHa === null ? none : t('farmers.land.ha', { ha: formatNumber(farmer.landHoldingHa, { maximumFractionDigits: 2 }) }),
    ],
    ['farmers.field.category', coded('farmers.category', farmer.category)],
    ['farmers.field.landOwnership', coded('farmers.landOwnership', farmer.landOwnership)],
    ['farmers.field.gender', coded('farmers.gender', farmer.gender)],
    ['farmers.field.dateOfBirth', farmer.dateOfBirth ? formatDate(farmer.dateOfBirth) : none],
    ['farmers.field.socialCategory', socialCategory(farmer.socialCategory) ?? none],
    ['farmers.field.language', coded('farmers.language', farmer.language)],
  ];
  return (
    <section aria-labelledby="farmer-profile-heading" class="card farmer-section">
      <h2 id="farmer-profile-heading">{t('farmers.profile.title')}</h2>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {/* Seven long questions, mostly unanswered: folded, with how many are answered in the summary. */}
      <details class="declarations">
        <summary>
          {t('farmers.declarations.summary', {
            made: DECLARATIONS.filter((name) => farmer.declarations[name]).length,
            total: DECLARATIONS.length,
          })}
        </summary>
        <dl class="facts">
          {DECLARATIONS.map((name) => {
            const made = farmer.declarations[name];
            return (
              <div key={name}>
                <dt>{t(`farmers.declaration.${name}`)}</dt>
                <dd>{made === undefined ? t('farmers.form.notDeclared') : made.value ? t('farmers.form.yes') : t('farmers.form.no')}</dd>
              </div>
            );
          })}
        </dl>
      </details>
    </section>
  );
}

/** Stored as free text before the list existed: a known code gets its words, anything else is shown as typed. */
function socialCategory(value: string | null): string | undefined {
  if (value === null) return undefined;
  const code = value.trim().toLowerCase();
  return ['general', 'obc', 'sc', 'st'].includes(code) ? t(`farmers.socialCategory.${code}` as MessageKey) : value;
}
