package dev.roomcast.system.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One user in their own headless Chromium, driving the web client through its ids and
 * {@code data-testid}s the way a person would: typing, clicking, pressing Enter.
 */
final class ChatPage implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private final WebDriver driver;

	private final WebDriverWait wait;

	private final String baseUrl;

	final String username;

	final String displayName;

	private ChatPage(WebDriver driver, String baseUrl, String username, String displayName) {
		this.driver = driver;
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
		this.wait.ignoring(StaleElementReferenceException.class).ignoring(ElementNotInteractableException.class);
		this.baseUrl = baseUrl;
		this.username = username;
		this.displayName = displayName;
	}

	static ChatPage open(String baseUrl, String username, String displayName, Path profileDir) {
		if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
			throw new IllegalStateException(
					"Browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,800", "--user-data-dir=" + profileDir.toAbsolutePath());
		// An alert (from an injected script) must stay open for the test to see, not be
		// dismissed.
		options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChatPage page = new ChatPage(new ChromeDriver(service, options), baseUrl, username, displayName);
		page.driver.get(baseUrl + "/");
		return page;
	}

	// ---- account and contacts ----

	void signUp(String password) {
		submitSignUp(this.username, this.displayName, password);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
		this.wait.until(ExpectedConditions.textToBe(By.id("me-name"), this.displayName));
	}

	/**
	 * Both sign up and become contacts (this one asks), and this one opens their direct
	 * room; both pages are connected after.
	 * @param other the other user's page
	 * @param password the password both sign up with
	 */
	void signUpAndStartChatWith(ChatPage other, String password) {
		signUp(password);
		other.signUp(password);
		requestContact(other.username);
		other.acceptRequestFrom(this.username);
		messageContact(other.username, other.displayName);
		awaitConnectionState("connected");
		other.awaitConnectionState("connected");
	}

	void submitSignUp(String username, String displayName, String password) {
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("auth-view")));
		click(By.id("show-signup"));
		type(By.id("signup-username"), username);
		type(By.id("signup-display-name"), displayName);
		type(By.id("signup-password"), password);
		click(By.id("signup-submit"));
	}

	void submitLogIn(String username, String password) {
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("auth-view")));
		click(By.id("show-login"));
		type(By.id("login-username"), username);
		type(By.id("login-password"), password);
		click(By.id("login-submit"));
	}

	void logOut() {
		click(By.id("logout-button"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("auth-view")));
	}

	/** Waits for the error shown in the element with this id, and returns it. */
	String awaitError(String id) {
		return this.wait.until((d) -> {
			String text = d.findElement(By.id(id)).getText();
			return text.isBlank() ? null : text;
		});
	}

	String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	/** Whether the sign-in form is shown (and the chat is not). */
	boolean showsSignIn() {
		return this.driver.findElement(By.id("auth-view")).isDisplayed()
				&& !this.driver.findElement(By.id("app-view")).isDisplayed();
	}

	/**
	 * The id of the session the browser is signed in with, from its {@code SESSION}
	 * cookie (Base64 of the id).
	 */
	String sessionId() {
		Cookie cookie = this.driver.manage().getCookieNamed("SESSION");
		if (cookie == null) {
			throw new IllegalStateException(this.username + " has no session cookie");
		}
		return new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
	}

	/**
	 * Marks the loaded page; {@link #isSamePage()} is false after a reload or a
	 * navigation.
	 */
	void markPage() {
		script("window.roomcastTestMark = true;");
	}

	boolean isSamePage() {
		return Boolean.TRUE.equals(script("return window.roomcastTestMark === true;"));
	}

	void requestContact(String otherUsername) {
		click(By.id("tab-contacts"));
		type(By.id("user-search"), otherUsername);
		By add = By.cssSelector(
				"[data-testid=search-result][data-username='" + otherUsername + "'] [data-testid=add-contact]");
		click(add);
		this.wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("[data-testid=outgoing-request][data-username='" + otherUsername + "']")));
	}

	void acceptRequestFrom(String otherUsername) {
		click(By.id("tab-contacts"));
		click(By
			.cssSelector("[data-testid=incoming-request][data-username='" + otherUsername + "'] [data-testid=accept]"));
		this.wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("[data-testid=contact][data-username='" + otherUsername + "']")));
	}

	/**
	 * Waits until this user is an accepted contact (the acceptance arrives as a live
	 * update).
	 */
	void awaitContact(String otherUsername) {
		click(By.id("tab-contacts"));
		this.wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("[data-testid=contact][data-username='" + otherUsername + "']")));
	}

	/**
	 * Opens the direct room with an accepted contact (the acceptance arrives as a live
	 * update).
	 */
	void messageContact(String otherUsername, String expectedTitle) {
		click(By.id("tab-contacts"));
		click(By
			.cssSelector("[data-testid=contact][data-username='" + otherUsername + "'] [data-testid=message-contact]"));
		this.wait.until(ExpectedConditions.textToBe(By.id("room-title"), expectedTitle));
	}

	// ---- rooms and chat ----

	/**
	 * Waits until a contact request from this user is listed (it arrives as a live
	 * update, never by polling).
	 */
	void awaitIncomingRequestFrom(String otherUsername) {
		click(By.id("tab-contacts"));
		this.wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("[data-testid=incoming-request][data-username='" + otherUsername + "']")));
	}

	/**
	 * From now on counts the client's requests to the list endpoints ({@code GET
	 * /api/contacts}, {@code GET /api/rooms}) until the page is reloaded; read them with
	 * {@link #listRequests()}.
	 */
	void countListRequests() {
		script("""
				if (!window.listRequests) {
				  window.listRequests = 0;
				  const fetchOriginal = window.fetch;
				  window.fetch = (input, init) => {
				    const path = new URL(typeof input === 'string' ? input : input.url, location.href).pathname;
				    if ((!init || !init.method || init.method === 'GET') && (path === '/api/contacts' || path === '/api/rooms')) {
				      window.listRequests += 1;
				    }
				    return fetchOriginal(input, init);
				  };
				}
				""");
	}

	long listRequests() {
		return ((Number) script("return window.listRequests ?? 0")).longValue();
	}

	void logIn(String password) {
		submitLogIn(this.username, password);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
		this.wait.until(ExpectedConditions.textToBe(By.id("me-name"), this.displayName));
	}

	/**
	 * The unread count of a room as the client holds it (the badge shows it unless the
	 * room is open).
	 */
	long unread(String roomId) {
		Object unread = script("return window.roomcast.unread(arguments[0])", roomId);
		return (unread instanceof Number number) ? number.longValue() : -1;
	}

	/**
	 * The rooms in the list as shown: the list follows live updates, previews and unread
	 * counts are live.
	 */
	List<Room> rooms() {
		@SuppressWarnings("unchecked")
		List<List<Object>> rows = (List<List<Object>>) script("""
				return [...document.querySelectorAll('#room-list [data-testid=room]')].map((r) => [
				  r.dataset.roomId, r.querySelector('[data-testid=room-title]').textContent,
				  r.querySelector('[data-testid=room-preview]').textContent,
				  r.querySelector('[data-testid=unread]')?.textContent ?? '0']);
				""");
		return rows.stream()
			.map((row) -> new Room((String) row.get(0), (String) row.get(1), (String) row.get(2),
					Integer.parseInt(row.get(3).toString())))
			.toList();
	}

	Room awaitRoom(String title) {
		return this.wait
			.until((d) -> rooms().stream().filter((room) -> room.title().equals(title)).findFirst().orElse(null));
	}

	/** Shows the room list (no room opened). */
	void showRooms() {
		click(By.id("tab-rooms"));
	}

	void openRoom(String title) {
		click(By.id("tab-rooms"));
		click(By.cssSelector("[data-testid=room][data-room-id='" + awaitRoom(title).id() + "'] button"));
		this.wait.until(ExpectedConditions.textToBe(By.id("room-title"), title));
	}

	String openRoomId() {
		return (String) script("return window.roomcast.openRoomId()");
	}

	/** Types a message and presses Enter; lines are separated with Shift+Enter. */
	void send(String text) {
		WebElement input = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("message-input")));
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			if (i > 0) {
				input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
			}
			input.sendKeys(lines[i]);
		}
		input.sendKeys(Keys.ENTER);
	}

	List<Message> messages() {
		@SuppressWarnings("unchecked")
		List<List<Object>> rows = (List<List<Object>>) script("""
				return [...document.querySelectorAll('#message-list [data-testid=message]')].map((m) => [
				  m.dataset.seq ?? '', m.dataset.status, m.dataset.messageId,
				  m.querySelector('[data-testid=message-text]').textContent,
				  m.querySelector('[data-testid=message-error]')?.textContent ?? '',
				  Boolean(m.querySelector('[data-testid=message-edited]')), m.dataset.deleted === 'true']);
				""");
		return rows.stream()
			.map((row) -> new Message(row.get(0).toString().isEmpty() ? 0 : Long.parseLong(row.get(0).toString()),
					(String) row.get(1), (String) row.get(2), (String) row.get(3), (String) row.get(4),
					(Boolean) row.get(5), (Boolean) row.get(6)))
			.toList();
	}

	/** The message shown at a seq, once it is shown. */
	Message awaitMessageAt(long seq) {
		return this.wait
			.until((d) -> messages().stream().filter((message) -> message.seq() == seq).findFirst().orElse(null));
	}

	/**
	 * Edits the user's last message the keyboard way: Up arrow in the empty composer,
	 * replace the text, Enter.
	 */
	void editLastWithUpArrow(String newText) {
		WebElement input = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("message-input")));
		input.sendKeys(Keys.ARROW_UP);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-banner")));
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		input.sendKeys(newText);
		input.sendKeys(Keys.ENTER);
	}

	/**
	 * Deletes one of the user's messages with its Delete button, confirming the prompt.
	 */
	void deleteWithButton(long seq) {
		click(By.cssSelector("[data-testid=message][data-seq='" + seq + "'] [data-testid=delete-message]"));
		this.wait.until(ExpectedConditions.alertIsPresent()).accept();
	}

	/** Whether a message offers its Edit and Delete buttons (only the sender's do). */
	boolean offersChanges(long seq) {
		return !this.driver
			.findElements(By.cssSelector("[data-testid=message][data-seq='" + seq + "'] [data-testid=edit-message]"))
			.isEmpty();
	}

	/**
	 * Sends an edit or (with a {@code null} text) a deletion of any message of the open
	 * room, as a client that does not check whose message it is would.
	 */
	void tryToChange(long seq, String text) {
		if (text == null) {
			script("window.roomcast.deleteMessage(window.roomcast.openRoomId(), " + seq + ")");
		}
		else {
			((JavascriptExecutor) this.driver).executeScript(
					"window.roomcast.editMessage(window.roomcast.openRoomId(), arguments[0], arguments[1])", seq, text);
		}
	}

	/** Waits for the room's notice (refusals of edits and deletions) to show a text. */
	String awaitNotice(String containing) {
		return this.wait.until((d) -> {
			WebElement notice = d.findElement(By.id("chat-notice"));
			return notice.isDisplayed() && notice.getText().contains(containing) ? notice.getText() : null;
		});
	}

	void awaitMessage(String text, String status) {
		this.wait.until((d) -> messages().stream().anyMatch((m) -> m.text().equals(text) && m.status().equals(status)));
	}

	/** Types into the composer without sending. */
	void typeDraft(String text) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id("message-input"))).sendKeys(text);
	}

	/** The typing indicator under the timeline: empty when hidden. */
	String typingIndicator() {
		WebElement indicator = this.driver.findElement(By.id("typing-indicator"));
		return indicator.isDisplayed() ? indicator.getText() : "";
	}

	/**
	 * The presence dot of an accepted contact in the contact list, empty when unknown.
	 */
	String presenceOf(String otherUsername) {
		return (String) script("return document.querySelector(\"[data-testid=contact][data-username='" + otherUsername
				+ "'] [data-testid=presence]\")?.dataset.presence ?? ''");
	}

	int imagesInMessages() {
		return this.driver.findElements(By.cssSelector("#message-list img")).size();
	}

	boolean alertIsOpen() {
		try {
			this.driver.switchTo().alert();
			return true;
		}
		catch (org.openqa.selenium.NoAlertPresentException ex) {
			return false;
		}
	}

	// ---- connection ----

	String connectionState() {
		return this.driver.findElement(By.id("connection-state")).getAttribute("data-state");
	}

	void awaitConnectionState(String state) {
		this.wait.until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", state));
	}

	/** Drops the WebSocket and keeps the client away until {@link #comeBack()}. */
	void goAway() {
		script("window.roomcast.holdReconnect(true); window.roomcast.dropConnection();");
		awaitConnectionState("reconnecting");
	}

	void comeBack() {
		script("window.roomcast.holdReconnect(false);");
		awaitConnectionState("connected");
	}

	void backToRooms() {
		click(By.id("back-button"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("room-list")));
	}

	void reload() {
		this.driver.navigate().refresh();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
	}

	void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	WebDriverWait waiting() {
		return this.wait;
	}

	void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return this.baseUrl;
	}

	private Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/**
	 * Lists are re-rendered as data arrives, so an element found a moment ago may be
	 * replaced.
	 */
	private void click(By by) {
		this.wait.until((d) -> {
			d.findElement(by).click();
			return true;
		});
	}

	private void type(By by, String text) {
		WebElement input = this.wait.until(ExpectedConditions.visibilityOfElementLocated(by));
		input.clear();
		input.sendKeys(text);
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	record Room(String id, String title, String preview, int unread) {
	}

	record Message(long seq, String status, String messageId, String text, String error, boolean edited,
			boolean deleted) {
	}

}
