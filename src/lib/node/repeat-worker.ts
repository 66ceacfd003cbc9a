/**
 * A thread that finds a corpus's similar pairs (started by repeat-thread.ts): the
 * search comes as its data, the pairs go back as its one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RepeatSearch } from '../repeats.ts';
import { findSimilarPairs } from '../similarity.ts';

const { documents, threshold } = workerData as RepeatSearch;
parentPort?.postMessage(findSimilarPairs(documents, { threshold }));
