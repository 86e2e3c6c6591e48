/**
 * The app's links. Remix's <Link> resolves its `to` against the route matches on
 * every render (useHref → resolveTo → resolvePathname, the matches' paths joined
 * and compared): on a page of 50–200 links that was about a fifth of the server's
 * render time (decision record 038f). For the app's own absolute URLs ("/needs?page=2")
 * there is nothing to resolve: this link writes the string as the href and hands a
 * plain left click to the client router (`navigate`, provided once by the root
 * through NavigateProvider), so pages still change without a reload. Everything else —
 * relative paths, objects, prefetching, `reloadDocument`, downloads, other targets —
 * goes to Remix's <Link> unchanged.
 */
import { Link as RemixLink, type LinkProps, useNavigate } from '@remix-run/react';
import { createContext, forwardRef, type MouseEvent, type ReactNode, useContext } from 'react';

type Navigate = (to: string, options?: { replace?: boolean; preventScrollReset?: boolean; state?: unknown }) => void;

const NavigateContext = createContext<Navigate | null>(null);

/** Gives the links below the client router's navigate (one `useNavigate` per page, not per link). */
export function NavigateProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return <NavigateContext.Provider value={navigate}>{children}</NavigateContext.Provider>;
}

/** An absolute path of this site: "/x…", not "//host…". */
function isOwnAbsolute(to: LinkProps['to']): to is string {
  return typeof to === 'string' && to.startsWith('/') && !to.startsWith('//');
}

/** The clicks a browser would open in place (React Router's rule): left button, no modifier, own frame. */
function opensInPlace(e: MouseEvent<HTMLAnchorElement>, target: string | undefined): boolean {
  return e.button === 0 && (!target || target === '_self') && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey;
}

export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link(props, ref) {
  const navigate = useContext(NavigateContext);
  const {
    to,
    replace,
    state,
    preventScrollReset,
    reloadDocument,
    prefetch,
    relative,
    viewTransition,
    discover: _discover,
    onClick,
    target,
    ...anchor
  } = props;
  if (
    !isOwnAbsolute(to) ||
    reloadDocument ||
    (prefetch && prefetch !== 'none') ||
    relative ||
    viewTransition ||
    anchor.download !== undefined
  )
    return <RemixLink ref={ref} {...props} />;
  return (
    <a
      ref={ref}
      href={to}
      target={target}
      {...anchor}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || !navigate || !opensInPlace(e, target)) return;
        e.preventDefault();
        // as React Router does: a link to the page one is on replaces the history entry
        const here = window.location.pathname + window.location.search + window.location.hash;
        navigate(to, { replace: replace ?? here === to, state, preventScrollReset });
      }}
    />
  );
});
