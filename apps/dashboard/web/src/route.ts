import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/messages/<id>`), so the dashboard app serves one page and reloads keep their place. */
export interface Route {
  page: string;
  arg?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page, ...rest] = path.split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  return { page: page || 'overview', arg, params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const href = {
  message: (id: string) => `#/messages/${encodeURIComponent(id)}`,
  consignment: (ref: string) => `#/consignments/${encodeURIComponent(ref)}`,
  deadLetter: (id: string) => `#/dlq/${encodeURIComponent(id)}`,
  search: (params: Record<string, string>) => `#/messages?${new URLSearchParams(params).toString()}`,
};
