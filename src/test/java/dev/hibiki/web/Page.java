package dev.hibiki.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** One browser session on a Hibiki page, with the few actions and reads the tests need. */
final class Page implements AutoCloseable {

    // Generous: CI machines and this one run several builds on two cores.
    static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;

    Page(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    ChromeDriver driver() {
        return driver;
    }

    Page open(URI uri) {
        driver.get(uri.toString());
        await().atMost(WAIT).until(() -> "complete".equals(js("return document.readyState")));
        return this;
    }

    /**
     * Types a name, presses Connect and waits for the welcome under that name (the page connects
     * on load, so Connect may replace a connection under another name).
     */
    Page connect(String name) {
        WebElement field = byId("name");
        field.clear();
        field.sendKeys(name);
        // Hidden while connected under the same name already (the page connected on load with it).
        if (byId("connect").isDisplayed()) {
            byId("connect").click();
        }
        await().atMost(WAIT).until(() -> "connected".equals(state()) && text("my-id").startsWith(name + " · "));
        return this;
    }

    void awaitConnected() {
        await().atMost(WAIT).until(() -> "connected".equals(state()) && !"–".equals(text("my-id")));
    }

    String state() {
        return byId("conn-state").getDomAttribute("data-state");
    }

    /** The connection id from the last welcome. */
    String connectionId() {
        return (String) js("return window.hibiki.me.id");
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return byId(id).getText();
    }

    void type(String id, String keys) {
        byId(id).sendKeys(keys);
    }

    void click(String id) {
        byId(id).click();
    }

    /** Summaries of the logged frames of one type that the log shows, newest first. */
    @SuppressWarnings("unchecked")
    List<String> shown(String type) {
        return (List<String>) js("return Array.from(document.querySelectorAll('#log .entry'))"
                + ".filter(e => e.dataset.type === arguments[0] && e.offsetParent !== null)"
                + ".map(e => e.querySelector('.summary').textContent)", type);
    }

    /** Summaries of the logged frames of one type, newest first (hidden ones included). */
    @SuppressWarnings("unchecked")
    List<String> logged(String type) {
        return (List<String>) js("return Array.from(document.querySelectorAll('#log .entry'))"
                + ".filter(e => e.dataset.type === arguments[0])"
                + ".map(e => e.querySelector('.summary').textContent)", type);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String sharedText() {
        return (String) js("return document.getElementById('shared-text').value");
    }

    /** Saves a PNG under target/screenshots/ and returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(Browsers.SCREENSHOTS);
        Path file = Browsers.SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Console messages of the page (JS errors show up here first when a test fails). */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        try {
            for (String line : console()) {
                System.out.println("[browser] " + line);
            }
        } catch (RuntimeException ignored) {
            // the session may already be gone
        }
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
