/**
 * A region field (decision 037a): the server renders the one grouped select, which
 * is what a browser without JavaScript posts; once the page is hydrated the select
 * gives way to a picker that posts the same field name and code — type to search
 * ("舞钢" → 河南省 平顶山市 舞钢市) or choose province → city → county.
 */
import type { FieldMetadata } from '@conform-to/react';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT } from '~/i18n/use-t';
import { buildRegionTree, regionPath, searchRegions } from '~/modules/regions/picker';
import { FieldErrors, type Option, SelectField } from './form';
import { cx } from './ui';

const INPUT =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';

export function RegionField({
  field,
  label,
  options,
  hint,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  options: Option[];
  hint?: ReactNode;
}) {
  const fallback = useRef<HTMLDivElement>(null);
  const [enhanced, setEnhanced] = useState<{ code: string } | null>(null);
  useEffect(() => {
    // keep what was chosen in the select before the page came alive
    const chosen = fallback.current?.querySelector('select')?.value ?? '';
    setEnhanced({ code: chosen });
  }, []);
  if (!enhanced) {
    return (
      <div ref={fallback} className="min-w-0">
        <SelectField field={field} label={label} options={options} hint={hint} />
      </div>
    );
  }
  return <RegionPicker field={field} label={label} options={options} hint={hint} initial={enhanced.code} />;
}

function RegionPicker({
  field,
  label,
  options,
  hint,
  initial,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  options: Option[];
  hint?: ReactNode;
  initial: string;
}) {
  const t = useT();
  const uid = useId();
  const tree = useMemo(() => buildRegionTree(options), [options]);
  const [code, setCode] = useState(() => (tree.nodes.has(initial) ? initial : ''));
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hidden = useRef<HTMLInputElement>(null);
  const hits = useMemo(() => searchRegions(tree, query, 8), [tree, query]);
  const path = regionPath(tree, code);
  // with one region at the top (the deployment's province) it is chosen already
  const levels = path.length > 0 ? path : tree.roots.length === 1 ? [tree.roots[0]!] : [];

  const choose = (next: string) => {
    setCode(next);
    // conform and other listeners learn of the change as from a typed field
    queueMicrotask(() => hidden.current?.dispatchEvent(new Event('input', { bubbles: true })));
  };
  const pick = (next: string) => {
    choose(next);
    setQuery('');
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter') {
      if (open && hits[active]) {
        e.preventDefault();
        pick(hits[active].code);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const searchId = `${field.id}-search`;
  const listId = `${uid}-list`;
  const chosen = tree.nodes.get(code);
  const invalid = field.errors?.length ? true : undefined;
  const describedBy = [hint ? field.descriptionId : null, invalid ? field.errorId : null, `${uid}-chosen`].filter(Boolean).join(' ');
  // one select per level: the top, then the children of each chosen region
  const selects: { level: 1 | 2 | 3; parent: string | null; value: string; choices: string[] }[] = [];
  const top = tree.roots;
  if (top.length > 0) selects.push({ level: tree.nodes.get(top[0]!)!.level, parent: null, value: levels[0] ?? '', choices: top });
  for (let i = 0; i < levels.length; i++) {
    const node = tree.nodes.get(levels[i]!)!;
    if (node.children.length === 0) break;
    selects.push({ level: tree.nodes.get(node.children[0]!)!.level, parent: node.code, value: path[i + 1] ?? '', choices: node.children });
  }

  return (
    <fieldset className="min-w-0" data-testid="region-picker" aria-describedby={describedBy}>
      <legend className="mb-1 block text-sm font-medium text-slate-800">
        {label}
        {field.required ? (
          <span className="ml-0.5 text-red-700" aria-hidden="true">
            *
          </span>
        ) : null}
      </legend>
      <input ref={hidden} type="hidden" id={field.id} name={field.name} value={code} form={field.formId} />
      <div className="relative">
        <label htmlFor={searchId} className="sr-only">
          {t('region.search')}
        </label>
        <input
          id={searchId}
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open && query.trim() !== ''}
          aria-controls={listId}
          aria-activedescendant={open && hits[active] ? `${uid}-opt-${hits[active].code}` : undefined}
          aria-invalid={invalid}
          placeholder={`${t('region.search')}，${t('region.searchPlaceholder')}`}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onBlur={() => setOpen(false)}
          className={INPUT}
          data-testid="region-search"
        />
        <div
          id={listId}
          role="listbox"
          aria-label={t('region.search')}
          hidden={!(open && query.trim() !== '')}
          className="absolute z-20 mt-1 max-h-64 w-full overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-300"
        >
          {hits.length === 0 ? (
            <div role="option" tabIndex={-1} aria-disabled="true" aria-selected="false" className="px-3 py-2 text-slate-600">
              {t('region.noResults')}
            </div>
          ) : (
            hits.map((n, i) => (
              <div
                key={n.code}
                id={`${uid}-opt-${n.code}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={cx('cursor-pointer px-3 py-2', i === active ? 'bg-brand-50 text-brand-900' : 'text-slate-800')}
                // mousedown, so the choice lands before the search box loses focus
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(n.code);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {n.fullName}
              </div>
            ))
          )}
        </div>
      </div>
      <div className="mt-2 grid gap-2 sm:grid-cols-3">
        {selects.map((s) => {
          const id = `${uid}-level-${s.level}`;
          const parent = s.parent ? tree.nodes.get(s.parent) : undefined;
          return (
            <div key={s.level} className="min-w-0">
              <label htmlFor={id} className="mb-0.5 block text-xs text-slate-700">
                {t(`region.level.${s.level}`)}
              </label>
              <select
                id={id}
                value={s.value}
                onChange={(e) => choose(e.target.value || s.parent || '')}
                className={INPUT}
                data-testid={`region-level-${s.level}`}
              >
                <option value="">{parent ? t('region.whole', { name: parent.name }) : t('region.choose')}</option>
                {s.choices.map((c) => (
                  <option key={c} value={c}>
                    {tree.nodes.get(c)!.name}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      <p id={`${uid}-chosen`} className="mt-1 text-sm text-slate-700" aria-live="polite" data-testid="region-chosen">
        {chosen ? t('region.chosen', { name: chosen.fullName }) : t('region.none')}
      </p>
      {hint ? (
        <p id={field.descriptionId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}
