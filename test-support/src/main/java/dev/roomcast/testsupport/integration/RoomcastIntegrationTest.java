package dev.roomcast.testsupport.integration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * An integration test of one service: its whole application context on a random port,
 * pointed at the JVM's shared real servers
 * ({@link SharedServersContextCustomizerFactory}), with the {@code test} profile, so a
 * module's test settings (smaller limits, allowed origins) live in its
 * {@code src/test/resources/application-test.yml}.
 * <p>
 * Every test class of a module carries this annotation and nothing else that shapes the
 * context, so all of them share one cached context: it starts once, and a single listener
 * or Kafka Streams instance owns the partitions.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextCustomizerFactories(SharedServersContextCustomizerFactory.class)
public @interface RoomcastIntegrationTest {

	/**
	 * Properties of this test's context, as {@link SpringBootTest#properties()}: a test
	 * that sets any gets a context of its own.
	 * @return the properties, {@code key=value}
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

}
