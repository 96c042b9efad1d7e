package dev.roomcast.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Input limits for every HTTP service: a cap on request bodies ({@code 413}) and
 * Jackson's read limits on the application's {@code JsonMapper} (too deep, too long:
 * {@code 400}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RequestLimitsProperties.class)
public class RequestLimitsAutoConfiguration {

	/**
	 * Boot's builder of the application's {@code JsonMapper}, on a parser factory with
	 * the read limits. The limits belong to the factory, which a
	 * {@link JsonMapperBuilderCustomizer} cannot replace in Jackson 3, so this takes
	 * Boot's place and applies every customizer (and so every {@code spring.jackson.*}
	 * property) as Boot does.
	 * @param properties the limits
	 * @param customizers Boot's and the application's customizers, in order
	 * @return a new builder
	 */
	@Bean
	@Scope("prototype")
	JsonMapper.Builder jsonMapperBuilder(RequestLimitsProperties properties,
			ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		RequestLimitsProperties.Json limits = properties.json();
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxNestingDepth())
			.maxStringLength(limits.maxStringLength())
			.maxNumberLength(limits.maxNumberLength())
			.maxNameLength(limits.maxNameLength())
			.maxDocumentLength(limits.maxDocumentLength().toBytes())
			.build();
		JsonMapper.Builder builder = JsonMapper
			.builder(JsonFactory.builder().streamReadConstraints(constraints).build());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean
	RequestBodyLimitFilter requestBodyLimitFilter(RequestLimitsProperties properties, JsonMapper json) {
		return new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), json);
	}

}
