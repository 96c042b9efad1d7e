package dev.roomcast.chat.message;

import java.time.Instant;

/**
 * What the sequencer keeps of each ordered message, to decide on its edits and deletions:
 * who sent it, when, and whether it was deleted. One small entry per message in a RocksDB
 * store keyed room + seq (docs/decisions.md).
 *
 * @param senderId the original sender, the only one who may change it
 * @param sentAt when gateway received it: edits are allowed for a window from then
 * @param deleted whether it was deleted (neither edits nor a second deletion follow)
 */
record PostedMessage(String senderId, Instant sentAt, boolean deleted) {

	PostedMessage asDeleted() {
		return new PostedMessage(this.senderId, this.sentAt, true);
	}

}
