/** `npm run build:web-if-stale` (run by `prestart`): builds the web app only when its sources changed. */
import { ensureWebBuild } from './web-build.ts';

const outcome = ensureWebBuild();
console.log(outcome === 'built' ? 'web app built into dist/web' : 'web app build is up to date');
