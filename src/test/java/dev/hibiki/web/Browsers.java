package dev.hibiki.web;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

/**
 * Starts headless Chromium for the browser tests, with Debian's chromium and chromedriver (Selenium
 * Manager never runs: it would try to download a browser, which fails without internet).
 *
 * <p>Without Chromium the tests are skipped with a message saying how to install it, unless
 * {@code HIBIKI_REQUIRE_BROWSER=1} (set by CI), in which case they fail: a CI run must not pass
 * by skipping them.
 */
final class Browsers {

    static final Path CHROMIUM = Path.of(env("HIBIKI_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("HIBIKI_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** How the browser answers the page's notification permission request. */
    enum Notifications {
        ALLOW(1), BLOCK(2);

        final int setting;

        Notifications(int setting) {
            this.setting = setting;
        }
    }

    // Selenium looks for a CDP binding matching Chromium's version at every start and warns when
    // its jar has none; these tests do not use CDP. Held in a field: JUL keeps loggers weakly.
    private static final java.util.logging.Logger CDP_FINDER_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private Browsers() {
    }

    /** Skips the calling test (or fails it when the environment requires browsers) without Chromium. */
    static void assumeChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String why = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install -y chromium chromium-driver)";
        if ("1".equals(System.getenv("HIBIKI_REQUIRE_BROWSER"))) {
            Assertions.fail(why + "; HIBIKI_REQUIRE_BROWSER=1 forbids skipping them");
        }
        Assumptions.abort(why + "; skipping");
    }

    /** A fresh headless browser with its own profile, English UI, at 1400x1000 CSS pixels. */
    static Page launch(Notifications notifications) {
        return launch(notifications, "en-US", 1400, 1000);
    }

    static Page launch(Notifications notifications, String language, int width, int height) {
        assumeChromium();
        Path profile;
        try {
            profile = Files.createTempDirectory("hibiki-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--lang=" + language);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("profile.default_content_setting_values.notifications", notifications.setting);
        prefs.put("intl.accept_languages", language);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Page(new ChromeDriver(service, options), profile);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
