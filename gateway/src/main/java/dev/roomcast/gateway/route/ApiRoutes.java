package dev.roomcast.gateway.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

/**
 * The HTTP API behind the gateway (Spring Cloud Gateway Server MVC): message history and
 * audit to persistence-service, everything else under {@code /api} to account-service.
 * Cookies pass both ways untouched, so the one {@code SESSION} cookie works on every
 * service; the services enforce authentication and CSRF themselves.
 */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {

	/**
	 * One router function, so the routes to persistence-service (history and audit) are
	 * always tried before the catch-all.
	 * @param properties the service URLs
	 * @return the API routes
	 */
	@Bean
	RouterFunction<ServerResponse> apiRouter(RouteProperties properties) {
		RouterFunction<ServerResponse> history = route("history")
			.route(path("/api/rooms/*/messages", "/api/rooms/*/messages/**", "/api/rooms/*/audit", "/api/audit",
					"/api/audit/**"), http())
			.before(uri(properties.persistenceServiceUrl()))
			.build();
		RouterFunction<ServerResponse> accounts = route("accounts").route(path("/api/**"), http())
			.before(uri(properties.accountServiceUrl()))
			.build();
		return history.and(accounts);
	}

}
