package dev.roomcast.system.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A browser test's Chromium sessions, each with a fresh profile, all closed (and their
 * profiles removed) after the test: a test registers it as
 * {@code @RegisterExtension final Browsers browsers = new Browsers();}.
 */
final class Browsers implements BeforeEachCallback, AfterEachCallback {

	private final List<ChatPage> pages = new ArrayList<>();

	private Path profiles;

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		this.profiles = Files.createTempDirectory("roomcast-chromium-");
	}

	/**
	 * Opens the web client of a gateway in a new browser, for a new user: the display
	 * name, lower-cased, with a unique suffix is the username.
	 * @param gatewayUrl the gateway's base URL
	 * @param displayName the user's display name
	 * @return the page
	 */
	ChatPage open(String gatewayUrl, String displayName) {
		return open(gatewayUrl,
				displayName.toLowerCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().substring(0, 8), displayName);
	}

	/**
	 * Opens the web client of a gateway in a new browser.
	 * @param gatewayUrl the gateway's base URL
	 * @param username who will use it
	 * @param displayName their display name
	 * @return the page
	 */
	ChatPage open(String gatewayUrl, String username, String displayName) {
		try {
			ChatPage page = ChatPage.open(gatewayUrl, username, displayName,
					Files.createTempDirectory(this.profiles, username));
			this.pages.add(page);
			return page;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		this.pages.forEach(ChatPage::close);
		try (Stream<Path> files = Files.walk(this.profiles)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
