// Opens the state file of a test for one look or change, and closes it again.
import { Store } from '../../src/state/store.js';

export function withState<T>(file: string, fn: (store: Store) => T): T {
  const store = new Store(file);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
