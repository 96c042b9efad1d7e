package dev.roomcast.persistence.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/audit/replays/{replayId}}.
 *
 * @param replayId the replay
 * @param state {@code QUEUED}, {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param roomId the room replayed, {@code null} for all
 * @param all whether all rooms are replayed
 * @param eventsRead records of the log read so far
 * @param eventsTotal records to read in all, once known
 * @param eventsPerSecond the read rate so far
 * @param percent how far it is, 0 to 100
 * @param startedAt when it started reading
 * @param finishedAt when it finished
 * @param error why it failed
 * @param report the report, once done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReplayProgress(String replayId, String state, String roomId, boolean all, long eventsRead, Long eventsTotal,
		long eventsPerSecond, double percent, Instant startedAt, Instant finishedAt, String error,
		ReplayReport report) {
}
