/**
 * A text with a one-click copy button (the news line). Copies through the
 * Clipboard API; where the browser refuses (no permission, an insecure origin, an
 * old browser) it selects the text instead and says so, so Ctrl+C copies it.
 * The button appears once the page runs JavaScript; the text is there without.
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '~/i18n/use-t';
import { Button } from './ui';

export function CopyText({ text, testId, className }: { text: string; testId: string; className?: string }) {
  const t = useT();
  const ref = useRef<HTMLParagraphElement>(null);
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  useEffect(() => setReady(true), []);
  const select = () => {
    const el = ref.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
    setState('selected');
  };
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      select();
    }
  };
  return (
    <div className={className}>
      <p ref={ref} className="text-base leading-relaxed text-slate-900" data-testid={testId}>
        {text}
      </p>
      {ready ? (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Button type="button" variant="secondary" onClick={() => void copy()} data-testid={`${testId}-copy`}>
            {t('news.copy')}
          </Button>
          <span role="status" aria-live="polite" className="text-sm text-slate-700" data-testid={`${testId}-status`}>
            {state === 'copied' ? t('news.copied') : state === 'selected' ? t('news.selected') : ''}
          </span>
        </div>
      ) : null}
    </div>
  );
}
