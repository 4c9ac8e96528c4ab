import { type AnchorHTMLAttributes, type ComponentChildren, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A tiny hash router (`#/fields/abc`). Hash routing because the same static files are also served
 * by a CDN without rewrite rules: a path like /fields/abc would be a 404 there on reload, while
 * everything after # never reaches the server.
 *
 * To add a screen: add its pattern here, then map it to a component in app.tsx (TypeScript insists).
 */
export const ROUTES = ['/fields', '/fields/:id', '/farmers', '/farmers/:id', '/markets', '/schemes', '/alerts', '/members'] as const;

export type RoutePattern = (typeof ROUTES)[number];
export const DEFAULT_PATH = '/fields';

export interface Route {
  /** The path after #, without the query: `/fields/abc`. */
  path: string;
  /** The matched pattern, or undefined when no route matches (a "not found" page). */
  pattern: RoutePattern | undefined;
  /** `:name` segments of the pattern, decoded. */
  params: Record<string, string>;
  /** The part after `?` in the hash (`#/fields?farmId=1`), for filters that should survive a reload. */
  query: URLSearchParams;
}

function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || DEFAULT_PATH;
  const queryStart = hash.indexOf('?');
  const path = queryStart < 0 ? hash : hash.slice(0, queryStart);
  const search = queryStart < 0 ? '' : hash.slice(queryStart + 1);
  for (const pattern of ROUTES) {
    const params = match(pattern, path);
    if (params) return { path, pattern, params, query: new URLSearchParams(search) };
  }
  return { path, pattern: undefined, params: {}, query: new URLSearchParams(search) };
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = got[i]!;
    if (part.startsWith(':')) {
      if (actual === '') return undefined;
      params[part.slice(1)] = decodeURIComponent(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Goes to a path such as `/fields/abc` (no #). */
export function navigate(path: string): void {
  location.hash = path;
}

/** Builds `#/fields/abc` from `/fields/abc`, for places that need a plain href. */
export const hrefOf = (path: string): string => `#${path}`;

type AnchorProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>;

/** A link to a route: `<Link href="/fields">`. A plain <a>, so middle-click and "open in new tab" work. */
export function Link({ href, children, ...rest }: AnchorProps & { href: string; children?: ComponentChildren }) {
  return h('a', { ...rest, href: hrefOf(href) }, children);
}
