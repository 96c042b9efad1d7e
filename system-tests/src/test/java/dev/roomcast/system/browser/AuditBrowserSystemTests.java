package dev.roomcast.system.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.AuditKeys;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditor's page in a headless Chromium: log in, replay a room whose stored message
 * was tampered with, and read the altered field side by side, as text.
 */
class AuditBrowserSystemTests {

	private static final String XSS = "<img src=x onerror=alert(1)>";

	private final RoomcastSystem system = RoomcastSystem.shared();

	@TempDir
	Path profile;

	@Test
	void auditorReplaysARoomAndSeesTheTamperedMessageSideBySide() throws Exception {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			for (int i = 1; i <= 3; i++) {
				assertThat(alice.send(room.roomId(), UUID.randomUUID().toString(), "line " + i).join()).isTrue();
			}
		}
		try (MongoClient client = MongoClients.create(this.system.infra().mongoUri())) {
			MongoCollection<Document> messages = client.getDatabase(RoomcastService.PERSISTENCE.database())
				.getCollection("messages");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> messages.countDocuments(
						Filters.and(Filters.eq("roomId", room.roomId()), Filters.eq("text", "line 2"))) == 1);
			messages.updateOne(Filters.and(Filters.eq("roomId", room.roomId()), Filters.eq("text", "line 2")),
					Updates.set("text", XSS));
		}
		WebDriver driver = chromium();
		try {
			WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
			driver.get(this.system.gatewayUrl() + "/audit.html");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-login")));
			driver.findElement(By.id("audit-username")).sendKeys(AuditKeys.AUDITOR);
			driver.findElement(By.id("audit-password")).sendKeys(AuditKeys.AUDITOR_PASSWORD);
			driver.findElement(By.cssSelector("#audit-login button[type=submit]")).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-panel")));
			driver.findElement(By.id("replay-room")).sendKeys(room.roomId());
			driver.findElement(By.id("replay-start")).click();
			WebElement table = wait
				.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=altered-table]")));
			assertThat(driver.findElement(By.cssSelector("[data-testid=replay-verdict]")).getText())
				.isEqualTo("Problems found");
			assertThat(driver.findElement(By.id("replay-progress")).getDomProperty("value")).isEqualTo("100");
			List<WebElement> cells = table.findElements(By.cssSelector("tbody td"));
			assertThat(cells).extracting(WebElement::getText).contains("text", "line 2", XSS);
			assertThat(driver.findElements(By.cssSelector("#replay-report img"))).isEmpty();
			Files.createDirectories(Path.of("target", "screenshots"));
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), Path.of("target", "screenshots", "audit-report.png"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			driver.quit();
		}
	}

	private WebDriver chromium() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--window-size=1280,900", "--user-data-dir=" + this.profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
