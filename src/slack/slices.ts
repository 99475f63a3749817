/**
 * Answers that take CPU (a near miss on a programme of 20,000 projects: 10–20 ms, the first after an
 * import 2 s to index it) run here in slices, all of them taking turns, and the event loop gets a turn
 * after every `TURN_MS` of them together. Run in one go, 64 such answers at once held every other
 * request past Slack's 3 seconds, the timers of their own "Even zoeken…" acks included. Taking turns in
 * one queue, rather than each yielding on its own, bounds what runs between two turns of the event
 * loop however many answers are under way: an ack whose budget ran out is sent within a few ms.
 */

/** CPU spent on slices before the event loop gets a turn. */
const TURN_MS = 6;
/** One task's share of a turn before the next task's. */
const SLICE_MS = 1;

interface Task {
  steps: Generator<void, void, void>;
  done: () => void;
  failed: (error: unknown) => void;
}

const queue: Task[] = [];
let scheduled = false;

/** Runs `steps` (a generator that yields between slices of its work) to its end, in turns with the others. */
export function runInSlices(steps: Generator<void, void, void>): Promise<void> {
  return new Promise((done, failed) => {
    queue.push({ steps, done, failed });
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  });
}

function turn(): void {
  const turnStarted = performance.now();
  while (queue.length > 0 && performance.now() - turnStarted < TURN_MS) {
    const task = queue.shift()!;
    const sliceStarted = performance.now();
    try {
      let next = task.steps.next();
      while (!next.done && performance.now() - sliceStarted < SLICE_MS) next = task.steps.next();
      if (next.done) task.done();
      else queue.push(task);
    } catch (error) {
      task.failed(error);
    }
  }
  scheduled = queue.length > 0;
  if (scheduled) setImmediate(turn);
}
