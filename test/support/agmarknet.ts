/**
 * A daily price record of common paddy as data.gov.in's Agmarknet resource sends it: prices are
 * strings, the day is DD/MM/YYYY, and the minimum and maximum lie ₹50 either side of the modal.
 */
export const paddyRecord = (place: { state: string; district: string; market: string }, day: string, modal: number) => ({
  state: place.state,
  district: place.district,
  market: place.market,
  commodity: 'Paddy(Dhan)(Common)',
  variety: 'Common',
  grade: 'FAQ',
  arrival_date: day,
  min_price: String(modal - 50),
  max_price: String(modal + 50),
  modal_price: String(modal),
});

export const RAJPURA = { state: 'Punjab', district: 'Patiala', market: 'Rajpura' };
