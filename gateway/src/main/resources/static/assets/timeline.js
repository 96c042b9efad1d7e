// One room's messages, merged by seq: live events and history pages may overlap or arrive out of
// order, and each seq is kept once. `head` is the end of the contiguous run that starts at the oldest
// loaded message, so a catch-up asks for history after `head` and a live seq beyond head+1 is a gap.

export class Timeline {
  constructor() {
    this.bySeq = new Map();
    this.head = 0;
    this.oldest = 0;
    this.newest = 0;
    /** My messages not yet seen as room events, by messageId: {messageId, text, status, error}. */
    this.pending = new Map();
  }

  /**
   * Adds a room event; returns false when that seq is already known with the same hash. An event
   * for a known seq with another hash replaces it: the gateway delivers live before chat-service
   * commits, and after a rare aborted transaction it sends the committed event of a seq again.
   */
  add(message) {
    const seq = message.seq;
    if (!Number.isInteger(seq) || seq < 1) {
      return false;
    }
    const known = this.bySeq.get(seq);
    if (known) {
      if (known.hash === message.hash) {
        return false;
      }
      this.bySeq.set(seq, message);
      return true;
    }
    this.bySeq.set(seq, message);
    this.pending.delete(message.messageId);
    this.newest = Math.max(this.newest, seq);
    if (this.oldest === 0 || seq < this.oldest) {
      const contiguousBelow = this.oldest !== 0 && seq === this.oldest - 1;
      this.oldest = seq;
      if (!contiguousBelow) {
        this.head = seq;
      }
    }
    while (this.bySeq.has(this.head + 1)) {
      this.head += 1;
    }
    return true;
  }

  addAll(messages) {
    let added = 0;
    for (const message of messages) {
      if (this.add(message)) {
        added += 1;
      }
    }
    return added;
  }

  hasGap() {
    return this.newest > this.head;
  }

  hasOlder() {
    return this.oldest > 1;
  }

  latest() {
    return this.bySeq.get(this.newest);
  }

  /** Room events in seq order. */
  messages() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

}

/** Whether a room event is a membership change (shown as a system line) rather than a message. */
export function isSystemLine(event) {
  return Boolean(event.type) && event.type !== 'MESSAGE';
}
