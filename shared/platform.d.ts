/**
 * The only runtime globals shared/ may use. shared/ compiles with neither DOM nor Node types
 * (shared/tsconfig.json), so a `window`, `process` or `Buffer` here fails the build; these few are
 * declared by hand because every place shared/ runs has them alike (Node ≥ 20, Chromium, Electron):
 * UTF-8 encoding, for sizes and hashes, and the platform's random source, for ids.
 * Adding a line here is a layering decision: say in the review why the API is on both sides.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

// A global the runtime defines is a `var`, as in TypeScript's own lib files (so `globalThis.crypto` types).
// eslint-disable-next-line no-var
declare var crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
};
