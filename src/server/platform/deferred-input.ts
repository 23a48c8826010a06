/**
 * A request body a service reads only after it has authorised the actor: the route passes `() => readJson(c, Z…)`, so
 * a refused request is refused (403) whatever its body holds, and the route never checks the role itself. Services
 * called from the CLI or a test pass the plain value.
 */
export type DeferredInput<T> = T | (() => Promise<T>);

export async function resolveInput<T>(input: DeferredInput<T>): Promise<T> {
  return typeof input === 'function' ? (input as () => Promise<T>)() : input;
}
