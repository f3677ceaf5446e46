import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Node's way to reach `gc` in a process not started with `--expose-gc` (the test workers).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Whether `ref`'s target is collected once nothing else holds it: full collections with turns of
 * the event loop between them (a WeakRef keeps its target until the end of the turn that read it).
 */
export async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return ref.deref() === undefined;
}
