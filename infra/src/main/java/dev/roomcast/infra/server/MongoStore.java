package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

/**
 * The Mongo-compatible store: {@code mongo-java-server} with its H2 backend as its own
 * process ({@link MongoStoreMain}), so data survives a restart. No real {@code mongod}
 * can be installed on these machines; where one runs (compose), services point at it
 * instead.
 */
public final class MongoStore {

	private MongoStore() {
	}

	/**
	 * Starts the store, or reuses the one already answering on the port.
	 * @param dataDir where its H2 file lives
	 * @param port the port
	 * @return the process, or {@code null} when an existing store was reused
	 */
	public static ServerProcess startOrReuse(Path dataDir, int port) {
		if (Ports.answeredBy(port, "MongoDB", () -> answersPing(port))) {
			return null;
		}
		try {
			Path dir = dataDir.resolve("mongo");
			Files.createDirectories(dir);
			List<String> command = new ArrayList<>(List.of(InfraPaths.java(), "-Xms64m",
					"-Xmx" + System.getProperty("roomcast.mongo.heap", "512m"), "-XX:+UseG1GC"));
			command.addAll(InfraPaths.jitOptions("mongo", InfraPaths.C2));
			command.addAll(List.of("-cp", InfraPaths.serverClasspath(), MongoStoreMain.class.getName(),
					Integer.toString(port), dir.resolve("roomcast.mv").toString()));
			return ServerProcess
				.start("MongoDB-compatible store on port " + port, command, dir, dir.resolve("mongo.log"))
				.awaitReady(() -> answersPing(port), Duration.ofSeconds(60));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean answersPing(int port) {
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout(1, TimeUnit.SECONDS))
			.build();
		try (MongoClient client = MongoClients.create(settings)) {
			client.getDatabase("admin").runCommand(new Document("ping", 1));
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
