package dev.roomcast.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The {@code 400} problem for a JSON request body that cannot be read, shared by the
 * services' controller advice: a value of the wrong type names its field (in
 * {@code detail} and under {@code errors}, as validation failures do), a body that is no
 * JSON or breaks a read limit says so, a missing body asks for one. Spring's own answer
 * says only "Failed to read request".
 */
public final class UnreadableBody {

	private static final int MAX_REASON = 160;

	private UnreadableBody() {
	}

	/**
	 * The problem for a body that could not be read.
	 * @param unreadable what Spring MVC threw
	 * @return a {@code 400} problem with a precise detail
	 */
	public static ProblemDetail problem(HttpMessageNotReadableException unreadable) {
		Throwable cause = unreadable.getCause();
		if (cause instanceof StreamConstraintsException limit) {
			return problem("The body exceeds a JSON limit: " + reason(limit));
		}
		if (cause instanceof StreamReadException duplicate
				&& String.valueOf(duplicate.getOriginalMessage()).startsWith("Duplicate")) {
			return problem("The body names a property twice: " + reason(duplicate));
		}
		if (cause instanceof StreamReadException broken) {
			return problem("The body is not well-formed JSON in UTF-8: " + reason(broken));
		}
		if (cause instanceof MismatchedInputException mismatch) {
			String field = field(mismatch.getPath());
			if (field.isEmpty()) {
				return problem("The body must be a JSON object");
			}
			return invalidField(field, expected(mismatch.getTargetType()));
		}
		if (cause instanceof JacksonException other) {
			String field = field(other.getPath());
			return field.isEmpty() ? problem("The body cannot be read: " + reason(other))
					: invalidField(field, "is not valid");
		}
		return problem("A JSON object body is required");
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request body");
		return problem;
	}

	private static ProblemDetail invalidField(String field, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + message);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return problem;
	}

	/**
	 * The field a value was read for, as a client names it: {@code memberIds[0]},
	 * {@code scope.roomId}.
	 * @param path Jackson's path to the value
	 * @return the field, empty for the body itself
	 */
	static String field(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				if (!field.isEmpty()) {
					field.append('.');
				}
				field.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.toString();
	}

	/**
	 * What a field must hold, from the type it is read as.
	 * @param type the Java type, may be {@code null}
	 * @return for example "must be a JSON string"
	 */
	static String expected(Class<?> type) {
		if (type == null) {
			return "has the wrong type";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
			return "must be a JSON string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "must be a JSON array";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "must be true or false";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "must be a number";
		}
		if (type.isEnum()) {
			return "is not one of the allowed values";
		}
		if (type.isRecord() || Map.class.isAssignableFrom(type)) {
			return "must be a JSON object";
		}
		return "is not valid";
	}

	private static String reason(JacksonException failure) {
		String reason = String.valueOf(failure.getOriginalMessage()).lines().findFirst().orElse("");
		return (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) + "…" : reason;
	}

}
