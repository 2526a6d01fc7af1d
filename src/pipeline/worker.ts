// Entry of a document worker thread (started by WorkerPool): serves readDocument tasks.
import { serveTasks } from './worker-protocol.ts';
import { readDocument, type DocResult, type DocTask } from './read-document.ts';
import { noteUnhandledRejection } from '../extract/pdf/damage.ts';

// pdf.js leaves some of its own background failures unhandled (prefetched page-tree kids of a
// damaged file); they are damage of the document being read, not a reason to crash. Anything
// else unhandled is a bug of ours and still ends the worker (E_INTERNAL).
process.on('unhandledRejection', (reason) => {
  if (!noteUnhandledRejection(reason)) throw reason;
});

serveTasks<DocTask, DocResult>((task, ctx) => readDocument(task, ctx));
