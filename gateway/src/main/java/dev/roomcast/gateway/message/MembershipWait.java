package dev.roomcast.gateway.message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.RoomDirectory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Whether a user is a member of a room, without holding the frame's thread: a member
 * answers at once; a user the room directory does not list yet (a room created, or a
 * member added, a moment ago) is checked again on a timer for up to
 * {@link SendProperties#membershipWait()}. Both SEND and SUBSCRIBE use it, so a flood of
 * frames to other people's rooms occupies no WebSocket thread.
 */
@Component
public class MembershipWait implements DisposableBean {

	private static final long RECHECK_MILLIS = 25;

	private final RoomDirectory rooms;

	private final SendProperties properties;

	private final ScheduledExecutorService rechecks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "membership-wait");
		thread.setDaemon(true);
		return thread;
	});

	MembershipWait(RoomDirectory rooms, SendProperties properties) {
		this.rooms = rooms;
		this.properties = properties;
	}

	/**
	 * Whether the user is (or within the wait becomes) a member of the room.
	 * @param roomId the room
	 * @param userId the user
	 * @return completed at once for a member; otherwise completed on the timer's thread,
	 * {@code true} once the directory lists the user, {@code false} after the wait
	 */
	public CompletableFuture<Boolean> isMember(String roomId, String userId) {
		if (this.rooms.isMember(roomId, userId)) {
			return CompletableFuture.completedFuture(true);
		}
		CompletableFuture<Boolean> answer = new CompletableFuture<>();
		long deadline = System.nanoTime() + this.properties.membershipWait().toNanos();
		this.rechecks.schedule(() -> recheck(roomId, userId, deadline, answer), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
		return answer;
	}

	private void recheck(String roomId, String userId, long deadline, CompletableFuture<Boolean> answer) {
		if (answer.isDone()) {
			return;
		}
		if (this.rooms.isMember(roomId, userId)) {
			answer.complete(true);
		}
		else if (System.nanoTime() - deadline >= 0) {
			answer.complete(false);
		}
		else {
			this.rechecks.schedule(() -> recheck(roomId, userId, deadline, answer), RECHECK_MILLIS,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void destroy() {
		this.rechecks.shutdownNow();
	}

}
