import { ensureWebBuild } from '../../../src/server/web-build.ts';

/** The browser tests drive the built app, as `npm start` serves it: build it once, when stale. */
export default function buildWebApp(): void {
  ensureWebBuild();
}
