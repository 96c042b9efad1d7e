package dev.roomcast.account.auditor;

import java.io.Console;
import java.util.Arrays;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The operator's command: {@code auditor create NAME} writes an auditor account straight
 * into account-service's database (no HTTP endpoint can create one). The password comes
 * from {@code ROOMCAST_AUDITOR_PASSWORD} or is asked on the terminal; the database from
 * {@code --mongodb-uri=...}, else {@code SPRING_MONGODB_URI}, else the local default.
 */
public final class AuditorCommand {

	static final String DEFAULT_URI = "mongodb://localhost:27017/roomcast-accounts";

	private AuditorCommand() {
	}

	/**
	 * Whether the arguments ask for this command rather than the service.
	 * @param args the command line
	 * @return whether the first argument is {@code auditor}
	 */
	public static boolean handles(String[] args) {
		return args.length > 0 && "auditor".equals(args[0]);
	}

	/**
	 * Runs the command and exits: 0 when done, 2 on a usage error, 1 on a refusal.
	 * @param args {@code auditor create NAME [--mongodb-uri=URI]}
	 */
	public static void main(String[] args) {
		String uri = System.getenv().getOrDefault("SPRING_MONGODB_URI", DEFAULT_URI);
		String[] words = Arrays.stream(args).filter((arg) -> !arg.startsWith("--")).toArray(String[]::new);
		for (String arg : args) {
			if (arg.startsWith("--mongodb-uri=")) {
				uri = arg.substring("--mongodb-uri=".length());
			}
		}
		if (words.length != 3 || !"auditor".equals(words[0]) || !"create".equals(words[1])) {
			System.err.println("usage: auditor create NAME [--mongodb-uri=mongodb://host:port/roomcast-accounts]");
			System.err.println("       the password is read from ROOMCAST_AUDITOR_PASSWORD or asked for");
			System.exit(2);
		}
		String password = password();
		ConnectionString connection = new ConnectionString(uri);
		String database = (connection.getDatabase() != null) ? connection.getDatabase() : "roomcast-accounts";
		try (MongoClient client = MongoClients.create(connection)) {
			boolean created = AuditorAccounts.createOrUpdate(client.getDatabase(database).getCollection("users"),
					PasswordEncoderFactories.createDelegatingPasswordEncoder(), words[2], password);
			System.out.println("Auditor " + words[2] + (created ? " created" : ": password set"));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

	private static String password() {
		String password = System.getenv("ROOMCAST_AUDITOR_PASSWORD");
		if (password != null) {
			return password;
		}
		Console console = System.console();
		if (console == null) {
			System.err.println("Set ROOMCAST_AUDITOR_PASSWORD or run on a terminal");
			System.exit(2);
		}
		return new String(console.readPassword("Password for the auditor: "));
	}

}
