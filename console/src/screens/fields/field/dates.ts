/** `YYYY-MM-DD` of a day in the browser's time zone (the user's own calendar), `daysAgo` days back from today. */
export function localDay(daysAgo = 0): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
