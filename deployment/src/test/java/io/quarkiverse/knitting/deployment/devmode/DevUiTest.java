package io.quarkiverse.knitting.deployment.devmode;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Knitting card of the Dev UI, opened in headless Chromium: the Tasks page lists each {@code @Task} method with its
 * pool, and the Pools page shows a lane running a call, live. The Pools page's screenshot lands in
 * {@code target/devui/pools.png} (the guide's copy comes from there).
 * <p>
 * Needs Debian's Chromium ({@code apt-get install chromium}); {@code .ci/run} installs it and sets
 * {@code KNITTING_REQUIRE_CHROMIUM=1}, so that on CI a missing browser fails the test instead of skipping it.
 */
class DevUiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Clicks the first button labelled Stack, wherever it is among the shadow roots. */
    private static final String CLICK_FIRST_STACK_BUTTON = "(() => { const walk = node => {"
            + " for (const root of [node.shadowRoot, node].filter(Boolean)) {"
            + "  for (const child of root.children) {"
            + "   if (child.tagName === 'VAADIN-BUTTON' && child.textContent.trim() === 'Stack') return child;"
            + "   const found = walk(child); if (found) return found; } }"
            + " return null; };"
            + " const button = walk(document.documentElement); if (!button) return 'no Stack button';"
            + " button.click(); return 'clicked'; })()";

    /**
     * Hides the Dev UI's own notifications before the screenshot: offline, its extension catalogue reports that it
     * cannot reach the Quarkus registry.
     */
    private static final String HIDE_NOTIFICATIONS = "document.querySelectorAll('vaadin-notification-card')"
            + ".forEach(card => card.remove()); 'hidden'";

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevUiApp.class, DevUiApp.Hashing.class)
                    .addAsResource(new StringAsset("knitting.\"crunch\".threads=2\n"), "application.properties"));

    @Test
    void tasksAndALiveLaneAreShown() throws Exception {
        boolean required = "1".equals(System.getenv("KNITTING_REQUIRE_CHROMIUM"));
        if (!HeadlessChromium.isInstalled()) {
            assertThat(required).as(HeadlessChromium.BINARY + " is missing but KNITTING_REQUIRE_CHROMIUM=1").isFalse();
            Assumptions.abort("Chromium is not installed: apt-get install chromium");
        }
        get("/devui/hold").then().statusCode(200); // starts the application and one call that holds a lane
        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 900)) {
            chromium.open("http://localhost:8080/q/dev-ui/quarkus-knitting/tasks");
            await().atMost(WAIT).untilAsserted(() -> assertThat(chromium.text())
                    .contains(DevUiApp.Hashing.class.getName() + "#holdLane()")
                    .contains(DevUiApp.Hashing.class.getName() + "#digest(String)")
                    .contains("crunch").contains("timeoutMs=60000"));

            chromium.open("http://localhost:8080/q/dev-ui/quarkus-knitting/pools");
            await().atMost(WAIT).untilAsserted(() -> assertThat(chromium.text())
                    .contains("Pool crunch").contains("knitting-crunch-0").contains("running")
                    .contains("DevUiApp$Hashing#holdLane()"));
            // the first Stack button is lane 0 of pool crunch (pools by name), where the held call runs
            assertThat(chromium.evaluate(CLICK_FIRST_STACK_BUTTON)).isEqualTo("clicked");
            await().atMost(WAIT).untilAsserted(() -> assertThat(chromium.text())
                    .contains("Lane 0 of pool crunch").contains("DevUiApp$Hashing.holdLane(DevUiApp.java"));
            chromium.evaluate(HIDE_NOTIFICATIONS);
            chromium.screenshot(Path.of("target", "devui", "pools.png"));
        } finally {
            get("/devui/release").then().statusCode(200);
        }
    }
}
