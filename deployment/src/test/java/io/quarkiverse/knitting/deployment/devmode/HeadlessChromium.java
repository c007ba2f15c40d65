package io.quarkiverse.knitting.deployment.devmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own HTTP and WebSocket client: open a
 * page, read the text it renders (shadow roots included, where Lit components draw), take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Where Debian installs it ({@code apt-get install chromium}). */
    static final Path BINARY = Path.of("/usr/bin/chromium");

    /** The page's visible text: every text node of the document and of every shadow root, in order. */
    private static final String DEEP_TEXT = "(() => { const out = []; const walk = node => {"
            + " if (node.shadowRoot) walk(node.shadowRoot);"
            + " for (const child of node.childNodes) {"
            + "  if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent); else walk(child); } };"
            + " walk(document); return out.join(' ').replace(/\\s+/g, ' '); })()";

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Chromium with a fresh profile and connects to its first page. */
    static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("knitting-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not open its DevTools port: "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonArray targets = new JsonArray(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageSocket = null;
        for (Object target : targets) {
            JsonObject page = (JsonObject) target;
            if ("page".equals(page.getString("type"))) {
                pageSocket = page.getString("webSocketDebuggerUrl");
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium has no page to drive: " + targets);
        }
        Listener listener = new Listener();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                .get(10, TimeUnit.SECONDS);
        HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
        listener.chromium = chromium;
        return chromium;
    }

    void open(String url) throws Exception {
        call("Page.enable", new JsonObject());
        call("Page.navigate", new JsonObject().put("url", url));
    }

    /** The text the page shows now, shadow roots included. */
    String text() throws Exception {
        JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", DEEP_TEXT)
                .put("returnByValue", true));
        return result.getJsonObject("result").getString("value", "");
    }

    /** Runs {@code expression} in the page and returns its value as a string. */
    String evaluate(String expression) throws Exception {
        JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        Object value = result.getJsonObject("result").getValue("value");
        return String.valueOf(value);
    }

    void screenshot(Path file) throws Exception {
        JsonObject result = call("Page.captureScreenshot", new JsonObject().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(result.getString("data")));
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true)
                .get(10, TimeUnit.SECONDS);
        JsonObject response = answer.get(30, TimeUnit.SECONDS);
        if (response.containsKey("error")) {
            throw new IllegalStateException(method + " failed: " + response.getJsonObject("error"));
        }
        return response.getJsonObject("result");
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        List<ProcessHandle> helpers = process.descendants().toList(); // renderer, network service: they write too
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroyForcibly();
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a helper that does not leave: its files stay, as below
        }
        try (var files = Files.walk(profile)) {
            for (Path path : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a profile file that Chromium still wrote (or removed) while the folder was walked: the temporary
            // folder goes with the machine (CI once failed the test here, on a file that vanished mid-walk)
        }
    }

    /** Collects each message, which may come in parts, and completes the call it answers. */
    private static final class Listener implements WebSocket.Listener {
        volatile HeadlessChromium chromium;
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonObject received = new JsonObject(message.toString());
                message.setLength(0);
                Integer id = received.getInteger("id");
                HeadlessChromium owner = chromium;
                if (id != null && owner != null) {
                    CompletableFuture<JsonObject> answer = owner.pending.remove(id);
                    if (answer != null) {
                        answer.complete(received);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }
}
