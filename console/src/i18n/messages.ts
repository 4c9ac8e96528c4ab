/** One message in every language the console speaks. `{name}` marks a parameter filled by t(). */
export interface Message {
  en: string;
  hi: string;
}

/** The type of each area's file: `export const fields = { 'fields.title': { en, hi } } satisfies Messages;`. */
export type Messages = Record<string, Message>;
