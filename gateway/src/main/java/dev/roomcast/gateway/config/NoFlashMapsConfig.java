package dev.roomcast.gateway.config;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

/**
 * The gateway has no redirects with flash attributes. Spring MVC's default flash map
 * manager reads the HTTP session on every request, which would make the gateway load the
 * shared session while it proxies a login or logout, then save its stale copy after
 * account-service changed or deleted it.
 */
@Configuration(proxyBeanMethods = false)
class NoFlashMapsConfig {

	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager() {
		return new AbstractFlashMapManager() {

			@Override
			protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
				return null;
			}

			@Override
			protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request,
					HttpServletResponse response) {
			}

		};
	}

}
