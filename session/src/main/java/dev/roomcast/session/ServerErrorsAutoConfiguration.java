package dev.roomcast.session;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * Every error of every HTTP service as {@code application/problem+json}, including those
 * answered outside the controllers: requests the security firewall refuses
 * ({@link FirewallProblemHandler}), the error page ({@link ProblemErrorController} in
 * place of Boot's {@code BasicErrorController}) and what the web server refuses before
 * the application sees it ({@link ProblemErrorReportValve} in place of Tomcat's HTML
 * error report, {@link ProblemErrorHandler} in place of Jetty's).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServerErrorsAutoConfiguration {

	/**
	 * The handler Spring Security's {@code WebSecurity} gives its filter chain proxy.
	 * @param json the application's mapper
	 * @return a 400 problem for every request the firewall refuses
	 */
	@Bean
	RequestRejectedHandler firewallProblemHandler(JsonMapper json) {
		return new FirewallProblemHandler(json);
	}

	/**
	 * The error page, found by Boot's error page registration at
	 * {@code spring.web.error.path} ({@code /error}).
	 * @param json the application's mapper
	 * @param errorAttributes Boot's record of the exception behind an error
	 * @return the controller
	 */
	@Bean
	ProblemErrorController problemErrorController(JsonMapper json, ErrorAttributes errorAttributes) {
		return new ProblemErrorController(json, errorAttributes);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Host.class, ConfigurableTomcatWebServerFactory.class })
	static class TomcatErrorReportConfiguration {

		/**
		 * Replaces the host's error report valve (Tomcat's, or the one Boot adds) with
		 * {@link ProblemErrorReportValve}; runs after Boot's customizer, whose context
		 * customizer adds its valve first.
		 * @param json the application's mapper
		 * @return the customizer
		 */
		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValveCustomizer(
				JsonMapper json) {
			return new ProblemErrorReportCustomizer(json);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, JettyServerCustomizer.class })
	static class JettyErrorHandlerConfiguration {

		/**
		 * Puts {@link ProblemErrorHandler} in place of Jetty's server-wide error handler.
		 * @param json the application's mapper
		 * @return the customizer
		 */
		@Bean
		JettyServerCustomizer problemErrorHandlerCustomizer(JsonMapper json) {
			return (server) -> server.setErrorHandler(new ProblemErrorHandler(json));
		}

	}

	/** Installs the problem error report on the host of the application's context. */
	static final class ProblemErrorReportCustomizer
			implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		private final JsonMapper json;

		ProblemErrorReportCustomizer(JsonMapper json) {
			this.json = json;
		}

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				if (!(context.getParent() instanceof Host host)) {
					return;
				}
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new ProblemErrorReportValve(this.json));
				if (host instanceof StandardHost standardHost) {
					// the host adds a valve of this class at start unless it finds one
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
