package dev.roomcast.persistence;

import dev.roomcast.persistence.audit.ReplayCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PersistenceApplication {

	public static void main(String[] args) {
		if (ReplayCommand.handles(args)) {
			ReplayCommand.main(args);
			return;
		}
		SpringApplication.run(PersistenceApplication.class, args);
	}

}
