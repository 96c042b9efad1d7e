package dev.roomcast.gateway.route;

import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;

import org.springframework.boot.http.client.JettyClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
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

	/**
	 * The proxy's HTTP client (Jetty's, {@code spring.http.clients.imperative.factory})
	 * made to pass requests and answers through as they are. Jetty's client by default
	 * keeps every {@code Set-Cookie} it receives and sends it with its later requests (so
	 * one user's new {@code SESSION} would go with every other user's requests that carry
	 * no cookie), gives a body without a {@code Content-Type} its own
	 * ({@code application/octet-stream}), and fails a {@code 401} that names no
	 * authentication scheme instead of returning it.
	 * @return the customizer
	 */
	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<JettyClientHttpRequestFactoryBuilder> transparentProxyClient() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> {
			client.setHttpCookieStore(new HttpCookieStore.Empty());
			client.setDefaultRequestContentType(null);
			// the client adds its protocol handlers when it starts
			client.addEventListener(new LifeCycle.Listener() {

				@Override
				public void lifeCycleStarted(LifeCycle started) {
					client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
					client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
				}

			});
		});
	}

}
