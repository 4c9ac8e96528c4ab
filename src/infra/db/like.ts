/** Makes `%`, `_` and `\` in user input literal in a LIKE/ILIKE pattern (PostgreSQL's default escape is `\`). */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
