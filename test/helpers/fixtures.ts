// Loads the 1688 example payloads under fixtures/1688 for tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/1688/', import.meta.url));

/** The raw text of fixtures/1688/<name>. */
export function loadFixture(name: string): string {
  return readFileSync(FIXTURE_DIR + name, 'utf8');
}

/** fixtures/1688/<name> parsed with plain JSON.parse (large ids lose precision: use loadFixture for those). */
export function loadFixtureJson(name: string): unknown {
  return JSON.parse(loadFixture(name)) as unknown;
}
