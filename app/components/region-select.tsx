/**
 * The region filter of the directories (decision 038c): a plain (optionally grouped)
 * select of the ~190 regions under a scope, which is what a browser without
 * JavaScript posts. The list is not part of the page's loader data: the server
 * renders it from the region table; the browser reads it back from the rendered
 * select when the page comes alive, and on a client-side navigation fetches it
 * once per scope from the cacheable `/regions.json` (kept for the session).
 *
 * `onDemand` (the products directory, decision 039g): the server renders only "any"
 * and the chosen region (`chosenLabel`), not the ~190 options (9 KB per page); the
 * browser fetches `/regions.json` once the page is alive. Without JavaScript the select
 * offers the current choice and "any" only.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { regionOptions } from '~/modules/regions/regions.server';
import { GroupedOptions, type Option } from './form';

/** options per scope, read from the page or fetched, for later navigations */
const known = new Map<string, Option[]>();

/** The options of a select the server rendered (the first one, "any", left out). */
function fromPage(id: string): Option[] | null {
  const select = document.getElementById(id);
  if (!(select instanceof HTMLSelectElement)) return null;
  const out: Option[] = [];
  for (const child of Array.from(select.children)) {
    if (child instanceof HTMLOptGroupElement) {
      for (const o of Array.from(child.children) as HTMLOptionElement[]) out.push({ value: o.value, label: o.text, group: child.label });
    } else if (child instanceof HTMLOptionElement && child.value !== '') out.push({ value: child.value, label: child.text });
  }
  return out;
}

/** the server's options per scope and grouping: the region table does not change while the process runs */
const onServer = new Map<string, Option[]>();

function optionsOf(scope: string, grouped: boolean): Option[] {
  const key = `${scope}:${grouped ? 'g' : 'f'}`;
  let list = onServer.get(key);
  if (!list) {
    list = regionOptions(scope).map((r) =>
      grouped ? { value: r.code, label: r.label, group: r.group } : { value: r.code, label: r.label },
    );
    onServer.set(key, list);
  }
  return list;
}

const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPED[c]);

/** the server's option markup per scope and grouping (without "any"), made once: what React renders for the same list */
const markupOnServer = new Map<string, string>();

function optionsMarkup(scope: string, grouped: boolean): string {
  const key = `${scope}:${grouped ? 'g' : 'f'}`;
  let html = markupOnServer.get(key);
  if (html === undefined) {
    const option = (o: Option) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`;
    const options = optionsOf(scope, grouped);
    if (grouped) {
      // as GroupedOptions: one <optgroup> per group in order of first appearance, options without a group bare
      const groups = new Map<string, Option[]>();
      for (const o of options) {
        const g = o.group ?? '';
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g)!.push(o);
      }
      html = [...groups.entries()]
        .map(([g, opts]) => (g ? `<optgroup label="${escapeHtml(g)}">${opts.map(option).join('')}</optgroup>` : opts.map(option).join('')))
        .join('');
    } else {
      html = options.map(option).join('');
    }
    markupOnServer.set(key, html);
  }
  return html;
}

/**
 * The server's options of a full select as markup: "any", then the scope's list (kept per
 * scope), the chosen one marked selected — the same DOM React's ~200 option elements
 * would give, without rendering them per request. The browser hydrates it with the options
 * read back from the page (`fromPage`), as before.
 */
function serverOptionsMarkup(scope: string, grouped: boolean, any: string, chosen: string): string {
  const list = optionsMarkup(scope, grouped);
  if (!chosen) return `<option value="" selected="">${escapeHtml(any)}</option>${list}`;
  const at = `<option value="${escapeHtml(chosen)}">`;
  return `<option value="">${escapeHtml(any)}</option>${list.replace(at, `<option value="${escapeHtml(chosen)}" selected="">`)}`;
}

export function RegionSelect({
  id,
  name,
  scope,
  grouped = false,
  defaultValue,
  any,
  className,
  invalid,
  describedBy,
  onDemand = false,
  chosenLabel,
}: {
  id: string;
  name: string;
  /** the region whose regions are offered (a 6-digit code) */
  scope: string;
  /** options grouped by city (`<optgroup>`) */
  grouped?: boolean;
  defaultValue: string;
  /** the first, empty option's text */
  any: ReactNode;
  className?: string;
  invalid?: boolean;
  describedBy?: string;
  /** options fetched by the browser, not rendered by the server */
  onDemand?: boolean;
  /** the chosen region's name (shown before the options are there) */
  chosenLabel?: string;
}) {
  const key = `${scope}:${grouped ? 'g' : 'f'}`;
  const [options, setOptions] = useState<Option[] | null>(() => {
    if (typeof document === 'undefined') return onDemand ? null : optionsOf(scope, grouped);
    // on demand: the rendered select holds the chosen region only
    const list = known.get(key) ?? (onDemand ? null : fromPage(id));
    if (list) known.set(key, list);
    return list;
  });
  // the choice made before the options arrived survives the select's replacement
  const select = useRef<HTMLSelectElement>(null);
  const chosen = useRef(defaultValue);
  useEffect(() => {
    if (options) return;
    let live = true;
    fetch(`/regions.json?scope=${encodeURIComponent(scope)}`)
      .then((r) =>
        r.ok ? (r.json() as Promise<{ code: string; label: string; group: string }[]>) : Promise.reject(new Error(String(r.status))),
      )
      .then((list) => {
        const opts = list.map((r) => (grouped ? { value: r.code, label: r.label, group: r.group } : { value: r.code, label: r.label }));
        known.set(key, opts);
        if (!live) return;
        if (select.current) chosen.current = select.current.value;
        setOptions(opts);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [options, key, scope, grouped]);
  if (typeof document === 'undefined' && !onDemand && typeof any === 'string') {
    return (
      <select
        key="all"
        id={id}
        name={name}
        defaultValue={defaultValue}
        className={className}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped option markup made from the region table
        dangerouslySetInnerHTML={{ __html: serverOptionsMarkup(scope, grouped, any, defaultValue) }}
      />
    );
  }
  return (
    <select
      // a new select once the list arrives, so that the chosen region is selected
      key={options ? 'all' : 'chosen'}
      ref={select}
      id={id}
      name={name}
      defaultValue={options ? chosen.current : defaultValue}
      className={className}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy}
    >
      {options ? (
        grouped ? (
          <GroupedOptions options={options} empty={any} />
        ) : (
          <>
            <option value="">{any}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </>
        )
      ) : (
        <>
          <option value="">{any}</option>
          {defaultValue ? <option value={defaultValue}>{chosenLabel ?? defaultValue}</option> : null}
        </>
      )}
    </select>
  );
}
