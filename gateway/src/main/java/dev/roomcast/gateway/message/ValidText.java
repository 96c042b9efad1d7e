package dev.roomcast.gateway.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.roomcast.events.MessageText;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A message text that {@link MessageText} allows: the same rule chat-service applies.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidText.Validator.class)
@interface ValidText {

	String message() default MessageText.RULE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Delegates to {@link MessageText#isValid}. */
	class Validator implements ConstraintValidator<ValidText, String> {

		@Override
		public boolean isValid(String text, ConstraintValidatorContext context) {
			return MessageText.isValid(text);
		}

	}

}
