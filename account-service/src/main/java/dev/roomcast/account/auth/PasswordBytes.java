package dev.roomcast.account.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A password BCrypt can hash: at most {@value #MAX_BYTES} bytes in UTF-8. BCrypt reads no
 * more than that, and Spring Security refuses longer input rather than silently ignoring
 * the rest, so the rule is checked here and answered with a {@code 400} naming it. The
 * length counts UTF-8 bytes, not characters: 72 ASCII characters fit, 24 '€' (3 bytes
 * each) fit, 25 do not.
 */
@Documented
@Constraint(validatedBy = PasswordBytes.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface PasswordBytes {

	/** The most UTF-8 bytes BCrypt takes. */
	int MAX_BYTES = 72;

	String message() default "is at most " + MAX_BYTES
			+ " bytes in UTF-8 (72 ASCII characters; fewer with accented letters, other scripts or symbols)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<PasswordBytes, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || fits(value);
		}

		static boolean fits(String password) {
			// no string of more than 72 UTF-16 units fits, so a huge one is never encoded
			return password.length() <= MAX_BYTES && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
		}

	}

}
