import { useEffect, useState } from 'preact/hooks';

/** Deployment settings Kheti serves publicly at /console-config.json, read once at start. */
export interface ConsoleConfig {
  /** A Leaflet tile URL template (`{z}/{x}/{y}`). */
  tileUrl: string;
  tileAttribution: string;
}

export const DEFAULT_CONFIG: ConsoleConfig = {
  tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  tileAttribution: '© OpenStreetMap contributors',
};

let config: ConsoleConfig = DEFAULT_CONFIG;
const listeners = new Set<(config: ConsoleConfig) => void>();

/** Called once by main.tsx. Without an answer (older Kheti, offline) the console keeps the OpenStreetMap defaults. */
export async function loadConsoleConfig(): Promise<void> {
  try {
    const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const body = (await response.json()) as Partial<ConsoleConfig>;
    if (typeof body.tileUrl !== 'string' || typeof body.tileAttribution !== 'string') return;
    config = { tileUrl: body.tileUrl, tileAttribution: body.tileAttribution };
    for (const listener of listeners) listener(config);
  } catch {
    // Network failure or a body that is not JSON: the defaults stand.
  }
}

/** The runtime configuration; updates the component if it arrives after the first render. */
export function useConsoleConfig(): ConsoleConfig {
  const [current, setCurrent] = useState(config);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(config);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
