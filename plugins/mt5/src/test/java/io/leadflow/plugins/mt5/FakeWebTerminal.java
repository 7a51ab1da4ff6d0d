package io.leadflow.plugins.mt5;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for an MT5 web terminal, on 127.0.0.1 (test code only). It serves the page at
 * {@code /terminal}: a disclaimer with "Accept", the login form (inputs {@code login},
 * {@code password}, {@code server}, a "Connect to account" button), "Connecting to trade
 * server..." while it logs in, then the terminal with its bottom panel ({@code Balance: … Equity:
 * … Margin: … Free margin: … Level: …%}, a Trade tab with position rows, a History tab). Login
 * answers set a session cookie, as the real terminal keeps a session; wrong passwords get
 * "Invalid account", unknown servers "No connection with trade server".
 *
 * <p>{@link Mode}s make it misbehave: a page whose script never finishes loading, a login that
 * takes longer than any timeout, a changed login layout, a renamed account panel, HTTP 503.
 */
public final class FakeWebTerminal implements AutoCloseable {

    /** How the terminal behaves. */
    public enum Mode { NORMAL, SLOW_PAGE, SLOW_LOGIN, CHANGED_LOGIN_LAYOUT, CHANGED_PANEL, DOWN }

    /** An account the terminal knows. */
    public record Account(String login, String password, String server, String currency, double balance, double equity,
                   double margin, List<Map<String, Object>> positions, List<Map<String, Object>> history) {
        public double freeMargin() {
            return equity - margin;
        }

        public double marginLevel() {
            return margin > 0 ? equity / margin * 100.0 : 0.0;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger pageLoads = new AtomicInteger();
    private final AtomicInteger accountReads = new AtomicInteger();
    private final AtomicInteger concurrentReads = new AtomicInteger();
    private final AtomicInteger peakConcurrentReads = new AtomicInteger();
    private final List<String> loginBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile long accountDelayMillis;

    private FakeWebTerminal() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeWebTerminal start() {
        try {
            return new FakeWebTerminal();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the terminal page's address */
    public URI terminalUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/terminal");
    }

    public FakeWebTerminal account(Account account) {
        accounts.put(account.login(), account);
        return this;
    }

    public void mode(Mode value) {
        mode = value;
    }

    /** Makes every account read take this long, so concurrent reads overlap visibly. */
    public void accountDelay(long millis) {
        accountDelayMillis = millis;
    }

    public int logins() {
        return logins.get();
    }

    public int pageLoads() {
        return pageLoads.get();
    }

    public int accountReads() {
        return accountReads.get();
    }

    /** @return the most account reads the terminal ever served at once */
    public int peakConcurrentReads() {
        return peakConcurrentReads.get();
    }

    public void resetCounters() {
        logins.set(0);
        pageLoads.set(0);
        accountReads.set(0);
        peakConcurrentReads.set(0);
    }

    /** Forgets every session, as a terminal restart would. */
    public void dropSessions() {
        sessions.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (mode == Mode.DOWN) {
                send(exchange, 503, "text/html", "<h1>503 Service Temporarily Unavailable</h1>");
                return;
            }
            switch (path) {
                case "/terminal", "/terminal/" -> {
                    pageLoads.incrementAndGet();
                    send(exchange, 200, "text/html; charset=utf-8",
                            resource(mode == Mode.CHANGED_LOGIN_LAYOUT ? "changed.html" : "terminal.html"));
                }
                case "/terminal/app.js" -> {
                    if (mode == Mode.SLOW_PAGE) {
                        pause(60_000);
                    }
                    send(exchange, 200, "application/javascript", resource("app.js"));
                }
                case "/terminal/api/login" -> login(exchange);
                case "/terminal/api/account" -> account(exchange);
                case "/favicon.ico" -> send(exchange, 404, "text/plain", "");
                default -> send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        loginBodies.add(body);
        logins.incrementAndGet();
        if (mode == Mode.SLOW_LOGIN) {
            pause(60_000);
        }
        String login = field(body, "login");
        String password = field(body, "password");
        String serverName = field(body, "server");
        Account account = accounts.get(login);
        if (account != null && !account.server().equals(serverName)) {
            send(exchange, 404, "application/json", "{\"message\":\"No connection with trade server " + serverName + "\"}");
            return;
        }
        if (account == null || !account.password().equals(password)) {
            send(exchange, 401, "application/json", "{\"message\":\"Invalid account\"}");
            return;
        }
        byte[] token = new byte[16];
        random.nextBytes(token);
        String session = HexFormat.of().formatHex(token);
        sessions.put(session, login);
        exchange.getResponseHeaders().add("Set-Cookie", "mt5session=" + session + "; Path=/terminal; HttpOnly; SameSite=Strict");
        send(exchange, 200, "application/json", "{\"ok\":true}");
    }

    private void account(HttpExchange exchange) throws IOException {
        String cookies = String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
        Matcher session = Pattern.compile("mt5session=([0-9a-f]+)").matcher(cookies);
        String login = session.find() ? sessions.get(session.group(1)) : null;
        if (login == null) {
            send(exchange, 401, "application/json", "{\"message\":\"not logged in\"}");
            return;
        }
        int now = concurrentReads.incrementAndGet();
        peakConcurrentReads.accumulateAndGet(now, Math::max);
        try {
            accountReads.incrementAndGet();
            if (accountDelayMillis > 0) {
                pause(accountDelayMillis);
            }
            send(exchange, 200, "application/json", json(accounts.get(login)));
        } finally {
            concurrentReads.decrementAndGet();
        }
    }

    private String json(Account account) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"currency\":\"").append(account.currency()).append("\",");
        json.append(String.format(Locale.ROOT, "\"balance\":%.2f,\"equity\":%.2f,\"margin\":%.2f,\"freeMargin\":%.2f,"
                + "\"marginLevel\":%.2f,", account.balance(), account.equity(), account.margin(), account.freeMargin(),
                account.marginLevel()));
        json.append("\"renamedPanel\":").append(mode == Mode.CHANGED_PANEL).append(',');
        json.append("\"positions\":").append(rows(account.positions())).append(',');
        json.append("\"history\":").append(rows(account.history())).append('}');
        return json.toString();
    }

    private static String rows(List<Map<String, Object>> rows) {
        StringBuilder json = new StringBuilder("[");
        for (Map<String, Object> row : rows) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : row.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                json.append('"').append(entry.getKey()).append("\":");
                json.append(entry.getValue() instanceof Number ? entry.getValue().toString()
                        : "\"" + entry.getValue() + "\"");
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    /** A string member of a flat JSON object, as the page posts it. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return matcher.find() ? matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    /** @return every body the login endpoint received (what the browser typed) */
    public List<String> loginBodies() {
        return List.copyOf(loginBodies);
    }

    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String resource(String name) {
        try (InputStream in = FakeWebTerminal.class.getResourceAsStream("terminal/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the browser gave up on a slow answer and closed the connection
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
