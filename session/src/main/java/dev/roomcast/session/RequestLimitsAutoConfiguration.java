package dev.roomcast.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Input limits for every HTTP service: a cap on request bodies ({@code 413}), Jackson's
 * read limits on the application's {@code JsonMapper} (too deep, too long: {@code 400}),
 * text fields that take only JSON strings ({@code true} or {@code 1} for a text field is
 * a {@code 400}, never the text {@code "true"} or {@code "1"}), and no property named
 * twice in one object.
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
	 * property) as Boot does. A number or boolean where text is expected fails instead of
	 * being coerced to its text; the services name the field in their {@code 400}.
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
		JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(constraints)
			// a property named twice is refused, never read as its last value
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build())
			.withCoercionConfig(LogicalType.Textual,
					(text) -> text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean
	RequestBodyLimitFilter requestBodyLimitFilter(RequestLimitsProperties properties, JsonMapper json) {
		return new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), json);
	}

}
