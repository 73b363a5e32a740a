package io.depthstream.streams.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver for page tests, named by path so that Selenium Manager never
 * tries to download a browser (there is no internet here). Where they are missing the test is
 * skipped, except on CI ({@code CI=true}), where it fails and says what to install.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** Skips (or on CI fails) the calling test when the browser or its driver is missing. */
  static void require() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String message =
        "headless Chromium needs "
            + BROWSER
            + " and "
            + DRIVER
            + ": install chromium chromium-driver (apt-get install -y chromium chromium-driver)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort("skipped: " + message);
  }

  /** A headless browser with a 1280×900 window. */
  static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // --no-sandbox: build machines and containers often run as root, where the sandbox refuses.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    return new ChromeDriver(service, options);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
