// One room's messages, merged by seq: live events and history pages may overlap or arrive out of
// order, and each seq is kept once. `head` is the end of the contiguous run that starts at the oldest
// loaded message, so a catch-up asks for history after `head` and a live seq beyond head+1 is a gap.
// Edits and deletions are room events of their own (they keep the seqs contiguous) that change their
// target message in place: an edit's text replaces the target's, a deletion leaves a tombstone.

export class Timeline {
  constructor() {
    this.bySeq = new Map();
    this.head = 0;
    this.oldest = 0;
    this.newest = 0;
    /** My messages not yet seen as room events, by messageId: {messageId, text, status, error}. */
    this.pending = new Map();
    /** Edits and deletions whose target is not loaded yet, by target seq. */
    this.waitingChanges = new Map();
    /** Seqs of loaded messages that history says were edited since: their current text must be re-read. */
    this.stale = new Set();
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
    const waiting = this.waitingChanges.get(seq);
    this.waitingChanges.delete(seq);
    this.bySeq.set(seq, waiting ? changedBy(message, waiting) : message);
    if (isChange(message)) {
      this.applyChange(message);
    }
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

  /** Applies an edit or deletion to its target, or keeps it until the target is loaded. */
  applyChange(change) {
    const target = this.bySeq.get(change.targetSeq);
    if (!target) {
      if (this.waitingChanges.get(change.targetSeq)?.type !== 'DELETE') {
        this.waitingChanges.set(change.targetSeq, change);
      }
      return;
    }
    if (change.type === 'EDIT' && typeof change.text !== 'string' && !target.deleted
        && !(target.editSeq >= change.seq)) {
      // history lists an edit without its text: the target's current text is history's to give
      this.stale.add(change.targetSeq);
    }
    this.bySeq.set(change.targetSeq, changedBy(target, change));
  }

  /** A message's current state as history gives it (latest text or tombstone). */
  refresh(message) {
    this.stale.delete(message.seq);
    if (this.bySeq.has(message.seq) && !isChange(message)) {
      this.bySeq.set(message.seq, { ...message, editSeq: this.bySeq.get(message.seq).editSeq });
    }
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

  /** The newest message or membership line (edits and deletions changed an earlier one). */
  latest() {
    for (let seq = this.newest; seq >= this.oldest && seq > 0; seq -= 1) {
      const event = this.bySeq.get(seq);
      if (event && !isChange(event)) {
        return event;
      }
    }
    return undefined;
  }

  /** Messages and membership lines in seq order, each in its current state. */
  messages() {
    return [...this.bySeq.values()].filter((event) => !isChange(event)).sort((a, b) => a.seq - b.seq);
  }

}

/** Whether a room event is a membership change (shown as a system line) rather than a message. */
export function isSystemLine(event) {
  return Boolean(event.type) && event.type !== 'MESSAGE' && !isChange(event);
}

/** Whether a room event is a chat message (deleted or not): the only kind that counts as unread. */
export function isMessage(event) {
  return !event.type || event.type === 'MESSAGE';
}

/** Whether a room event edits or deletes an earlier message (shown through that message). */
export function isChange(event) {
  return event.type === 'EDIT' || event.type === 'DELETE';
}

/**
 * A message as an edit or deletion leaves it. A deleted message stays deleted; an edit older than
 * the one already shown changes nothing; an edit without its text (from history, whose messages
 * already show their latest text) changes nothing either.
 */
function changedBy(target, change) {
  if (target.deleted || isSystemLine(target) || isChange(target)) {
    return target;
  }
  if (change.type === 'DELETE') {
    return { ...target, text: null, deleted: true };
  }
  if (typeof change.text !== 'string' || target.editSeq >= change.seq) {
    return target;
  }
  return { ...target, text: change.text, editedAt: change.sentAt, editSeq: change.seq };
}
