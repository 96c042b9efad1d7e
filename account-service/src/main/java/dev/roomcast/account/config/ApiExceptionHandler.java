package dev.roomcast.account.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.roomcast.session.UnreadableBody;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.kafka.KafkaException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error as a ProblemDetail. Validation failures, and values of the wrong type, name
 * each field in the detail and list them under {@code errors}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	/** Hides the commons-logging logger the superclass declares. */
	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	static ProblemDetail invalidFields(Map<String, String> errors) {
		String detail = errors.entrySet()
			.stream()
			.map((error) -> error.getKey() + ": " + error.getValue())
			.collect(Collectors.joining("; "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				errors.entrySet()
					.stream()
					.map((error) -> Map.of("field", error.getKey(), "message", error.getValue()))
					.toList());
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<FieldError> fieldErrors = ex.getBindingResult().getFieldErrors();
		fieldErrors.forEach((error) -> errors.merge(error.getField(), String.valueOf(error.getDefaultMessage()),
				(first, second) -> first + ", " + second));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.put(error.getObjectName(), String.valueOf(error.getDefaultMessage())));
		return ResponseEntity.badRequest().body(invalidFields(errors));
	}

	/**
	 * A body that cannot be read names the field of a value of the wrong type
	 * ({@code true} or {@code 1} for a text field, an object for a list) or says why it
	 * is no JSON.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(UnreadableBody.problem(ex));
	}

	/**
	 * A path with no endpoint names the path, as the error page of every service does.
	 */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String path = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI()
				: "/" + ex.getResourcePath();
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Nothing is found at " + path));
	}

	@ExceptionHandler
	ProblemDetail duplicate(DuplicateKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "It already exists");
	}

	@ExceptionHandler
	ProblemDetail concurrentChange(OptimisticLockingFailureException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The resource was changed by another request at the same time; retry");
	}

	@ExceptionHandler
	ProblemDetail publishFailed(KafkaException ex) {
		logger.warn("Room snapshot not published", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The change is saved but could not be announced yet; it will be on the next start or change");
	}

}
