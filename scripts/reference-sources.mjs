// The source citations every reference CSV carries: a row's `KEY(detail);KEY` and the
// `| key | what | where |` table that spells each key out, in that CSV's section of
// reference/README.md. One reading for every generator that checks its CSV against its sources.

export const SOURCE_KEY = /^[A-Z][A-Z0-9_]*$/;

/** `KEY(detail);KEY` → [{key, detail}]; null for a part that is not one. A detail may hold commas, never `;` or brackets. */
export function parseSources(text) {
  return text.split(';').map((part) => {
    const match = /^([^()]+?)(?:\(([^()]+)\))?$/.exec(part.trim());
    if (!match || !SOURCE_KEY.test(match[1])) return null;
    return { key: match[1], detail: match[2]?.trim() ?? null };
  });
}

/**
 * The sources table of one CSV's section of reference/README.md (`## <csvName>`): | key | what | where |.
 * `invalid(file, message)` throws the caller's own error.
 */
export function readSourcesTable(markdown, csvName, invalid) {
  const file = 'reference/README.md';
  const heading = new RegExp(`^## ${csvName.replace(/\./g, '\\.')}\\b`, 'm');
  const start = markdown.search(heading);
  if (start < 0) invalid(file, `has no "## ${csvName}" section`);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  const lines = (end < 0 ? rest : rest.slice(0, end)).split('\n');
  const header = lines.findIndex((line) => /^\|\s*key\s*\|\s*what\s*\|\s*where\s*\|\s*$/.test(line));
  if (header < 0) invalid(file, `the ${csvName} section has no "| key | what | where |" table`);
  const sources = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length !== 3) invalid(file, `sources table row "${line.slice(0, 40)}…" has ${cells.length} cells, expected 3`);
    const [key, what, where] = cells;
    if (!SOURCE_KEY.test(key)) invalid(file, `source key ${JSON.stringify(key)} is not UPPER_SNAKE_CASE`);
    if (sources.some((s) => s.key === key)) invalid(file, `source ${key} is listed twice`);
    if (!what || !where) invalid(file, `source ${key} needs both what and where`);
    sources.push({ key, what, where });
  }
  if (sources.length === 0) invalid(file, `the ${csvName} sources table is empty`);
  return sources;
}
