package dev.roomcast.account;

import dev.roomcast.account.auditor.AuditorCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AccountApplication {

	public static void main(String[] args) {
		if (AuditorCommand.handles(args)) {
			AuditorCommand.main(args);
			return;
		}
		SpringApplication.run(AccountApplication.class, args);
	}

}
