/**
 * Remix's request handler, with the route matching cached (issue 19, decision 024).
 *
 * Remix matches a request against the whole route tree several times per page:
 * the server runtime, its static handler, the React router that renders the page,
 * and the client manifest (the route matches of the path and of each of its parent
 * paths) — and every match flattens and ranks all of the app's routes and compiles
 * their patterns again. That was the biggest single cost of a page after garbage
 * collection.
 *
 * Here the routes a path needs are found once per path (cached): the routes it
 * matches plus those matched by each parent path, which is what the client
 * manifest of the page contains. Remix then handles the request with a build that
 * holds only those routes (one handler per distinct route set, made on first use),
 * so its own matching runs over a handful of routes. Within that set the path
 * matches the same routes as in the whole tree (a best match stays best in a
 * subset that contains it), so loaders, actions, `?_data` and `?index` requests
 * and the rendered manifest are those of the full build. Paths that match no route
 * and Remix's `/__manifest` requests go to the handler of the full build.
 */
import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router';

type Handler = (request: Request, context: AppLoadContext) => Promise<Response>;
type Mode = Parameters<typeof createRequestHandler>[1];

/** How many paths keep their route set (first in, first out). */
const MAX_PATHS = 5_000;

function routeTree(build: ServerBuild): AgnosticRouteObject[] {
  const byParent = new Map<string, ServerBuild['routes'][string][]>();
  for (const route of Object.values(build.routes)) {
    const parent = route.parentId ?? '';
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent)!.push(route);
  }
  const children = (parentId: string): AgnosticRouteObject[] =>
    (byParent.get(parentId) ?? []).map((r) =>
      r.index
        ? { id: r.id, index: true, path: r.path, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: children(r.id) },
    );
  return children('');
}

/** A build with only the given routes (their modules and client manifest entries). */
function subsetBuild(build: ServerBuild, ids: readonly string[]): ServerBuild {
  const routes: ServerBuild['routes'] = {};
  const manifestRoutes: ServerBuild['assets']['routes'] = {};
  for (const id of ids) {
    routes[id] = build.routes[id];
    manifestRoutes[id] = build.assets.routes[id];
  }
  return { ...build, routes, assets: { ...build.assets, routes: manifestRoutes } };
}

export interface RouteMatchingHandler {
  handle: (request: Request, context: AppLoadContext, pathname: string) => Promise<Response>;
  /** the route ids a path is handled with (null: the full build); for tests */
  routeSetFor: (pathname: string) => readonly string[] | null;
}

export function createRouteMatchingHandler(build: ServerBuild, mode: Mode): RouteMatchingHandler {
  const full = createRequestHandler(build, mode);
  const tree = routeTree(build);
  const basename = build.basename;
  const manifestPath = `${basename ?? '/'}/__manifest`.replace(/\/+/g, '/');
  const byPath = new Map<string, { ids: readonly string[]; handler: Handler } | null>();
  const bySet = new Map<string, Handler>();
  // The routes of each parent path ('/', '/products', '/needs/financing', …): few, and shared by
  // every detail page under them, so a new detail path (a product or need never asked for) costs
  // one match of the tree instead of one per level.
  const byParent = new Map<string, readonly string[]>();
  const parentRoutes = (p: string): readonly string[] => {
    let ids = byParent.get(p);
    if (!ids) {
      ids = (matchRoutes(tree, p, basename) ?? []).map((m) => m.route.id as string);
      if (byParent.size >= MAX_PATHS) byParent.delete(byParent.keys().next().value as string);
      byParent.set(p, ids);
    }
    return ids;
  };

  const lookup = (pathname: string) => {
    let entry = byPath.get(pathname);
    if (entry !== undefined) return entry;
    entry = null;
    const matches = pathname === manifestPath ? null : matchRoutes(tree, pathname, basename);
    if (matches?.length) {
      const ids = new Set(matches.map((m) => m.route.id as string));
      // the parent paths' matches: the routes the client manifest of this page names
      const segments = pathname.split('/').filter(Boolean);
      segments.pop();
      const parents = ['/'];
      for (; segments.length; segments.pop()) parents.push(`/${segments.join('/')}`);
      for (const p of parents) for (const id of parentRoutes(p)) ids.add(id);
      const sorted = [...ids].sort();
      const key = sorted.join('\n');
      let handler = bySet.get(key);
      if (!handler) {
        handler = createRequestHandler(subsetBuild(build, sorted), mode);
        bySet.set(key, handler);
      }
      entry = { ids: sorted, handler };
    }
    if (byPath.size >= MAX_PATHS) byPath.delete(byPath.keys().next().value as string);
    byPath.set(pathname, entry);
    return entry;
  };

  return {
    handle: (request, context, pathname) => (lookup(pathname)?.handler ?? full)(request, context),
    routeSetFor: (pathname) => lookup(pathname)?.ids ?? null,
  };
}
