import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: the app's few pieces of shared state (session, language). */
export class Observable<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(value: T) {
    this.#value = value;
  }

  get value(): T {
    return this.#value;
  }

  set value(next: T) {
    this.#value = next;
    for (const listener of this.#listeners) listener(next);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Re-renders the component whenever the observable changes. */
export function useObservable<T>(observable: Observable<T>): T {
  const [value, setValue] = useState(observable.value);
  useEffect(() => {
    // Effects run after paint: a change between the first render and now would otherwise be missed
    // (a language switched while a page was still mounting stayed in the old language).
    setValue(observable.value);
    return observable.subscribe(setValue);
  }, [observable]);
  return value;
}
