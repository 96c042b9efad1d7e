package dev.roomcast.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The main class of the Mongo-compatible store process: {@code <port> <h2-file>}. Runs
 * until it is terminated, then closes the H2 file cleanly.
 */
public final class MongoStoreMain {

	private MongoStoreMain() {
	}

	/**
	 * Serves the MongoDB wire protocol on loopback.
	 * @param args the port and the H2 file
	 * @throws InterruptedException never in practice: the main thread waits forever
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		H2Backend backend = new H2Backend(args[1]);
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", port);
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));
		System.out.println("MongoDB-compatible store listening on 127.0.0.1:" + port);
		Thread.currentThread().join();
	}

}
