// The property modules, by name: one child process runs one of them.
import type { Property } from './harness.js';

type Load = () => Promise<Property<unknown>[]>;

export const propertyModules: Record<string, Load> = {
  cubic: async () => (await import('./cubic.js')).properties,
  polymatch: async () => (await import('./polymatch.js')).properties,
  reduce: async () => (await import('./reduce.js')).properties,
  pip: async () => (await import('./pip.js')).properties,
  julia: async () => (await import('./julia.js')).properties,
  lum: async () => (await import('./lum.js')).properties,
};
