// Explicit resource management in the published types without requiring a lib that has it.
// Factorizations define `[Symbol.dispose]()` at run time on every engine; their declared types carry
// it only where the consumer's TypeScript lib declares `Symbol.dispose` (ESNext.Disposable, ES2025,
// or @types/node), so that the types also compile under `lib: ["ES2022"]` or `["ES2022", "DOM"]`.

/** `{ [Symbol.dispose](): void }` when the lib in use declares `Symbol.dispose`, `{}` otherwise. */
export type DisposableWhereSupported = SymbolConstructor extends { readonly dispose: infer Key extends symbol }
  ? { [K in Key]: () => void }
  : Record<never, never>;
