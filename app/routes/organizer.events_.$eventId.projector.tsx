/**
 * The projector screen of a session's signing ceremony (签约大屏, issue 16): the
 * live signing figures without the app's chrome (no header, navigation, user
 * name or notification badge: `handle.bare`), in ceremony red and gold, sized by
 * the viewport so it fills 1920×1080 and 1280×720 alike. It shows the session
 * title, the running signed total (亿元 / 万元 as the news sentence writes it),
 * the counts, the news sentence and the latest signings (organization names and
 * amounts only: no phone numbers, no officer names), scrolling when there are
 * more than fit. Terminated letters are marked; they keep counting in the total
 * (decision 017), which the line under the total says. Polls ./live.json like the
 * live page; opened from the session in a new tab.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { type CSSProperties, useEffect, useState } from 'react';
import { ErrorView } from '~/components/error-view';
import { useLiveFigures } from '~/components/use-live-figures';
import { localeFromRequest } from '~/i18n/locale';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { livePayload, liveSigning } from '~/modules/reports/live.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'projector.title');
export const handle = { bare: true };

const POLL_MS = 2_500;
/** rows of the latest signings that fit; more scroll */
const VISIBLE_ROWS = 4;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const live = await liveSigning(await getDb(), event.id);
  return json(
    {
      event: { id: event.id, title: event.title, theme: event.theme, eventDate: event.event_date, venue: event.venue },
      live: livePayload(live, localeFromRequest(request)),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

/** "3.177亿元" → ["3.177", "亿元"]; English "1.05 hundred million yuan" → ["1.05", " hundred million yuan"]. */
function splitAmount(text: string): [string, string] {
  const m = /^([\d.,]+)(.*)$/.exec(text);
  return m ? [m[1], m[2]] : [text, ''];
}

// Sizes in vmin: the same picture at 1920×1080 and 1280×720 (both 16:9), and nothing
// runs off a narrower window. Keyframes for the scrolling list; reduced motion stops it.
const CSS = `
.stage{position:fixed;inset:0;overflow:hidden;display:flex;flex-direction:column;gap:1.6vmin;padding:3vmin 4vmin;
  background:radial-gradient(ellipse at top,#c81e1e 0%,#9b1010 45%,#6d0a0a 100%);color:#fff7e0;
  font-family:"Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
.stage::before{content:"";position:absolute;inset:1.4vmin;border:0.35vmin solid #e8c15a;border-radius:1vmin;pointer-events:none}
.stage-head{text-align:center;flex:none}
.stage-kicker{font-size:2.6vmin;letter-spacing:0.6vmin;color:#f3d98b}
.stage-title{margin-top:0.8vmin;font-size:5.6vmin;font-weight:800;line-height:1.4;color:#ffd86b;
  text-shadow:0 0.3vmin 0.8vmin rgba(0,0,0,.35);overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.stage-sub{margin-top:0.6vmin;font-size:2.2vmin;color:#f6e3b0}
.stage-figures{flex:none;display:grid;grid-template-columns:1.6fr 1fr 1fr 1fr;gap:2vmin;margin:0}
.stage-fig{background:rgba(0,0,0,.18);border:0.25vmin solid rgba(232,193,90,.7);border-radius:1.2vmin;padding:1.6vmin 1vmin;text-align:center;min-width:0}
.stage-fig dt{font-size:2.6vmin;color:#f3d98b}
.stage-fig dd{display:flex;justify-content:center;align-items:baseline;margin:0.6vmin 0 0;font-size:7.5vmin;font-weight:800;line-height:1.35;color:#fff;font-variant-numeric:tabular-nums;white-space:nowrap}
.stage-fig dd small{font-size:3.2vmin;font-weight:700;margin-left:0.4vmin;color:#ffd86b}
.stage-fig.total dd{font-size:9vmin;color:#ffd86b}
.stage-note{flex:none;text-align:center;font-size:2vmin;color:#f6e3b0;margin-top:-0.6vmin}
.stage-news{flex:none;text-align:center;font-size:3vmin;line-height:1.45;color:#fff;padding:0 2vmin;overflow-wrap:anywhere}
.stage-latest{flex:1 1 auto;min-height:0;display:flex;flex-direction:column;background:rgba(0,0,0,.15);border-radius:1.2vmin;padding:1.2vmin 2vmin}
.stage-latest h2{flex:none;margin:0 0 0.8vmin;font-size:2.6vmin;color:#f3d98b;letter-spacing:0.3vmin}
.stage-window{flex:1 1 auto;min-height:0;overflow:hidden;position:relative;-webkit-mask-image:linear-gradient(to bottom,#000 80%,transparent);mask-image:linear-gradient(to bottom,#000 80%,transparent)}
.stage-rows{list-style:none;margin:0;padding:0}
.stage-rows.scroll{animation:stage-scroll var(--stage-duration,20s) linear infinite}
.stage-rows li{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.3fr) auto auto;align-items:center;gap:2vmin;
  height:var(--stage-row,6vmin);font-size:2.9vmin;border-bottom:0.15vmin solid rgba(232,193,90,.35)}
.stage-rows li span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.stage-rows .amount{font-weight:800;color:#ffd86b;font-variant-numeric:tabular-nums;text-align:right}
.stage-rows .time{color:#f6e3b0;font-size:2.2vmin;font-variant-numeric:tabular-nums}
.stage-rows li[data-terminated] {color:#e9c9c9}
.stage-rows li[data-terminated] .amount{color:#e9c9c9;text-decoration:line-through}
.stage-tag{display:inline-block;margin-left:1vmin;padding:0 0.8vmin;border-radius:0.5vmin;background:#f8f1e0;color:#7f1d1d;font-size:1.9vmin;font-weight:700;vertical-align:middle}
.stage-empty{font-size:3vmin;text-align:center;color:#f6e3b0;padding-top:2vmin}
.stage-foot{flex:none;display:flex;justify-content:space-between;align-items:center;font-size:1.7vmin;color:#f0d9a0}
.stage-foot button{font:inherit;color:#7f1d1d;background:#f3d98b;border:0;border-radius:0.6vmin;padding:0.4vmin 1.2vmin;cursor:pointer}
.stage-offline{color:#fff;background:#7f1d1d;padding:0.2vmin 1vmin;border-radius:0.5vmin}
@keyframes stage-scroll{from{transform:translateY(0)}to{transform:translateY(-50%)}}
@media (prefers-reduced-motion:reduce){.stage-rows.scroll{animation:none}}
:fullscreen .stage-foot button{display:none}
`;

/** The full-screen button (the browser's own full screen; F11 does the same). */
function FullscreenButton() {
  const t = useT();
  const [can, setCan] = useState(false);
  useEffect(() => setCan(typeof document.documentElement.requestFullscreen === 'function'), []);
  if (!can) return <span />;
  return (
    <button
      type="button"
      onClick={() => {
        document.documentElement.requestFullscreen().catch(() => {});
      }}
    >
      {t('projector.fullscreen')}
    </button>
  );
}

export default function ProjectorScreen() {
  const t = useT();
  const { event, live: initial } = useLoaderData<typeof loader>();
  const { live, offline } = useLiveFigures(event.id, initial, POLL_MS);
  const [value, unit] = splitAmount(live.totalText);
  const scroll = live.latest.length > VISIBLE_ROWS;
  // a scrolling list repeats itself once, so the loop has no seam
  const rows = scroll ? [...live.latest, ...live.latest] : live.latest;
  return (
    <main className="stage" data-testid="projector">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant stylesheet of this page, no user data */}
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <header className="stage-head">
        <p className="stage-kicker">{t('projector.kicker')}</p>
        <h1 className="stage-title" data-testid="projector-title">
          {event.title}
        </h1>
        <p className="stage-sub">{t('projector.when', { date: event.eventDate, venue: event.venue })}</p>
      </header>

      <dl className="stage-figures" aria-live="polite">
        <div className="stage-fig total">
          <dt>{t('projector.total')}</dt>
          <dd data-testid="projector-total" data-text={live.totalText}>
            {value}
            <small>{unit}</small>
          </dd>
        </div>
        <div className="stage-fig">
          <dt>{t('projector.banks')}</dt>
          <dd data-testid="projector-banks">
            {live.bankCount}
            <small>{t('projector.unitOrg')}</small>
          </dd>
        </div>
        <div className="stage-fig">
          <dt>{t('projector.enterprises')}</dt>
          <dd data-testid="projector-enterprises">
            {live.enterpriseCount}
            <small>{t('projector.unitOrg')}</small>
          </dd>
        </div>
        <div className="stage-fig">
          <dt>{t('projector.agreements')}</dt>
          <dd data-testid="projector-agreements">
            {live.agreementCount}
            <small>{t('projector.unitAgreement')}</small>
          </dd>
        </div>
      </dl>
      {live.terminatedCount ? (
        <p className="stage-note" data-testid="projector-terminated">
          {t('projector.terminatedNote', { n: live.terminatedCount, amount: live.terminatedText })}
        </p>
      ) : null}

      <p className="stage-news" data-testid="projector-news">
        {live.news}
      </p>

      <section className="stage-latest" aria-labelledby="stage-latest-heading">
        <h2 id="stage-latest-heading">{t('projector.latest')}</h2>
        <div className="stage-window">
          {live.latest.length === 0 ? (
            <p className="stage-empty">{t('projector.none')}</p>
          ) : (
            <ul
              className={scroll ? 'stage-rows scroll' : 'stage-rows'}
              data-testid="projector-latest"
              style={scroll ? ({ '--stage-duration': `${live.latest.length * 4}s` } as CSSProperties) : undefined}
            >
              {rows.map((l, i) => (
                <li
                  key={`${l.id}-${i}`}
                  data-terminated={l.terminated ? 'true' : undefined}
                  aria-hidden={i >= live.latest.length ? true : undefined}
                >
                  <span>
                    {l.bankName}
                    {l.terminated ? <em className="stage-tag">{t('projector.terminated')}</em> : null}
                  </span>
                  <span>{l.enterpriseName}</span>
                  <span className="amount">{l.amountText}</span>
                  <span className="time">{l.timeText}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <footer className="stage-foot">
        <span>
          {offline ? <span className="stage-offline">{t('projector.offline')}</span> : t('projector.auto', { seconds: POLL_MS / 1000 })}
        </span>
        <FullscreenButton />
      </footer>
    </main>
  );
}

export const ErrorBoundary = ErrorView;
