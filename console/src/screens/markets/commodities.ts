import { api } from '../../api/client';
import { currentLang } from '../../i18n';
import { type AsyncState, useAsync } from '../../ui/useApi';

/** A commodity of GET /v1/commodities. */
export interface Commodity {
  code: string;
  nameEn: string;
  nameHi: string | null;
  /** The crop whose Minimum Support Price applies, or null. */
  mspCrop: string | null;
}

/** The catalogue changes with a release, not during a visit: read once per page load. */
let catalogue: Promise<Commodity[]> | undefined;

function loadCommodities(): Promise<Commodity[]> {
  catalogue ??= api.get<{ items: Commodity[] }>('/v1/commodities').then(
    (answer) => answer.items,
    (problem: unknown) => {
      catalogue = undefined; // a failure is not kept: the next screen tries again
      throw problem;
    },
  );
  return catalogue;
}

export function useCommodities(): AsyncState<Commodity[]> & { reload: () => void } {
  return useAsync(() => loadCommodities(), []);
}

/** Its name in the reader's language; the English one where no Hindi name is known yet. */
export const commodityName = (commodity: Pick<Commodity, 'nameEn' | 'nameHi'>): string =>
  currentLang() === 'hi' && commodity.nameHi ? commodity.nameHi : commodity.nameEn;

/** Those with an MSP first (the crops a field officer is asked about most), then the rest, each by name. */
export function sortedCommodities(items: Commodity[]): { withMsp: Commodity[]; others: Commodity[] } {
  const byName = [...items].sort((a, b) => commodityName(a).localeCompare(commodityName(b)));
  return { withMsp: byName.filter((c) => c.mspCrop), others: byName.filter((c) => !c.mspCrop) };
}
