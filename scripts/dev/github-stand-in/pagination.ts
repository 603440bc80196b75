/** GitHub-style page slicing: `per_page` (default 30, at most 100), `page`, and a Link header. */

export interface Page<T> {
  items: T[];
  /** The Link header value, or undefined when everything fits on one page. */
  link: string | undefined;
}

/** Slices `items` for the request URL and builds the Link header GitHub would send. */
export function paginate<T>(items: T[], url: URL): Page<T> {
  const perPage = clamp(Number(url.searchParams.get('per_page') ?? 30), 1, 100);
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice, link: undefined };

  const at = (n: number): string => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`);
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  return { items: slice, link: rels.join(', ') };
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
