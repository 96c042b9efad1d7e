package dev.roomcast.persistence.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

import dev.roomcast.events.ChainHeadSignature;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditor's API (role {@code AUDITOR} only, see the security configuration): replays
 * of the log, the audit trail and the public key of the signed chain heads. Every action
 * that starts work is recorded in the trail.
 */
@RestController
@RequestMapping("/api/audit")
class AuditApiController {

	static final int MAX_PAGE_SIZE = 200;

	private final Replays replays;

	private final AuditTrail trail;

	private final SigningKey key;

	private final Rebuilds rebuilds;

	AuditApiController(Replays replays, Rebuilds rebuilds, AuditTrail trail, SigningKey key) {
		this.replays = replays;
		this.rebuilds = rebuilds;
		this.trail = trail;
		this.key = key;
	}

	@PostMapping("/replays")
	ResponseEntity<Map<String, String>> startReplay(@RequestBody ReplayRequest request, Authentication authentication) {
		requireScope(request.roomId(), request.all());
		if (request.fromTime() != null && request.toTime() != null && !request.fromTime().isBefore(request.toTime())) {
			throw new AuditRequestException("fromTime must be before toTime");
		}
		String replayId = this.replays.start(request, authentication.getName());
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("replayId", replayId);
		detail.put("scope", request.allRooms() ? "all" : request.roomId());
		if (request.fromTime() != null) {
			detail.put("fromTime", request.fromTime().toString());
		}
		if (request.toTime() != null) {
			detail.put("toTime", request.toTime().toString());
		}
		this.trail.record(authentication, "REPLAY_STARTED", detail);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("replayId", replayId));
	}

	@GetMapping("/replays/{replayId}")
	ReplayProgress replay(@PathVariable String replayId) {
		ReplayProgress progress = this.replays.progress(replayId);
		if (progress == null) {
			throw new AuditNotFoundException("No replay " + replayId + " (unknown, or its report is no longer kept)");
		}
		return progress;
	}

	@PostMapping("/rebuilds")
	ResponseEntity<Map<String, String>> startRebuild(@RequestBody RebuildRequest request,
			Authentication authentication) {
		requireScope(request.roomId(), request.all());
		String roomId = Boolean.TRUE.equals(request.all()) ? null : request.roomId();
		String rebuildId;
		try {
			rebuildId = this.rebuilds.start(roomId, authentication.getName());
		}
		catch (IllegalStateException ex) {
			throw new AuditConflictException(ex.getMessage());
		}
		this.trail.record(authentication, "REBUILD_REQUESTED",
				Map.of("rebuildId", rebuildId, "scope", (roomId != null) ? roomId : "all"));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("rebuildId", rebuildId));
	}

	@GetMapping("/rebuilds/{rebuildId}")
	Map<String, Object> rebuild(@PathVariable String rebuildId) {
		Map<String, Object> status = this.rebuilds.status(rebuildId);
		if (status == null) {
			throw new AuditNotFoundException("No rebuild " + rebuildId);
		}
		return status;
	}

	/**
	 * {@code POST /api/audit/rebuilds}.
	 *
	 * @param roomId the room, or {@code null} with {@code all}
	 * @param all {@code true} for every room
	 */
	record RebuildRequest(String roomId, Boolean all) {
	}

	@GetMapping("/trail")
	List<AuditTrail.TrailEntry> trail(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			throw new AuditRequestException("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE);
		}
		return this.trail.page(page, size);
	}

	@GetMapping("/public-key")
	Map<String, String> publicKey() {
		if (this.key.key() == null) {
			throw new AuditNotFoundException("No public key is configured (roomcast.audit.signing.public-key)");
		}
		return Map.of("algorithm", ChainHeadSignature.ALGORITHM, "publicKey", this.key.base64(), "keyId",
				ChainHeadSignature.keyId(this.key.key()));
	}

	static void requireScope(String roomId, Boolean all) {
		boolean allRooms = Boolean.TRUE.equals(all);
		boolean oneRoom = roomId != null && !roomId.isBlank();
		if (allRooms == oneRoom) {
			throw new AuditRequestException("Give either roomId or all: true");
		}
		if (oneRoom && roomId.length() > 100) {
			throw new AuditRequestException("roomId is at most 100 characters");
		}
	}

	@ExceptionHandler
	ProblemDetail badRequest(AuditRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid audit request", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(AuditNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail busy(RejectedExecutionException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy",
				"Too many audit jobs are queued; try again when one has finished");
	}

	@ExceptionHandler
	ProblemDetail conflict(AuditConflictException ex) {
		return problem(HttpStatus.CONFLICT, "A rebuild is running", ex.getMessage());
	}

	static final class AuditConflictException extends RuntimeException {

		AuditConflictException(String message) {
			super(message);
		}

	}

	static final class AuditRequestException extends RuntimeException {

		AuditRequestException(String message) {
			super(message);
		}

	}

	static final class AuditNotFoundException extends RuntimeException {

		AuditNotFoundException(String message) {
			super(message);
		}

	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
