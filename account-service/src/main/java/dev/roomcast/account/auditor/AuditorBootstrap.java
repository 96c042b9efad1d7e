package dev.roomcast.account.auditor;

import dev.roomcast.account.user.UserDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The bootstrap auditor of a local run: created (or its password set) at start-up when
 * {@code roomcast.audit.bootstrap.username} and {@code .password} are set; off otherwise.
 */
@Component
@ConditionalOnProperty("roomcast.audit.bootstrap.username")
class AuditorBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AuditorBootstrap.class);

	private final MongoTemplate mongo;

	private final PasswordEncoder encoder;

	private final Environment environment;

	AuditorBootstrap(MongoTemplate mongo, PasswordEncoder encoder, Environment environment) {
		this.mongo = mongo;
		this.encoder = encoder;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		String username = this.environment.getRequiredProperty("roomcast.audit.bootstrap.username");
		String password = this.environment.getRequiredProperty("roomcast.audit.bootstrap.password");
		boolean created = AuditorAccounts.createOrUpdate(
				this.mongo.getCollection(this.mongo.getCollectionName(UserDocument.class)), this.encoder, username,
				password);
		logger.info("Bootstrap auditor {} {}", username, created ? "created" : "password set");
	}

}
