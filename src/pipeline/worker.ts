// Entry of a document worker thread (started by WorkerPool): serves readDocument tasks.
import { serveTasks } from './worker-protocol.ts';
import { readDocument, type DocResult, type DocTask } from './read-document.ts';

serveTasks<DocTask, DocResult>((task, ctx) => readDocument(task, ctx));
