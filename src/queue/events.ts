// What a queue worker reports as it goes: the run's document events (with the worker that
// produced them) and its own start, health, warnings and stop. Data, rendered by the CLI.
import type { RunEvent } from '../pipeline/events.ts';

export type WorkerEvent =
  | (RunEvent & { readonly worker?: string; readonly attempt?: number })
  | { readonly event: 'worker:start'; readonly worker: string; readonly jobs: number; readonly db: string }
  | { readonly event: 'worker:health'; readonly worker: string; readonly docs: number; readonly current: readonly string[]; readonly rssMb: number }
  | { readonly event: 'worker:warning'; readonly worker: string; readonly message: string }
  | { readonly event: 'worker:stopping'; readonly worker: string; readonly inHand: number }
  | { readonly event: 'worker:stop'; readonly worker: string; readonly docs: number; readonly released: number };
