package dev.roomcast.persistence.message;

/**
 * A request parameter out of its range.
 */
public class InvalidParameterException extends RuntimeException {

	private final String parameter;

	InvalidParameterException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	/**
	 * The parameter at fault.
	 * @return its name
	 */
	public String getParameter() {
		return this.parameter;
	}

}
