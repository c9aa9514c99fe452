package dev.hibiki.socketio;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * An OkHttp client that keeps cookies, as a browser does, for one Socket.IO client: the official
 * Java client keeps none by default, so behind a cookie-affinity proxy its polling requests would
 * be spread over the nodes. Give it with {@link SioClient#open(java.net.URI, String, SioClient.Transports, OkHttpClient)}.
 */
final class CookieKeepingHttp implements CookieJar {

    private final Map<String, Cookie> cookies = new ConcurrentHashMap<>();

    /**
     * Its own client per jar (and so its own dispatcher: OkHttp runs at most 5 calls per host at
     * once, and every polling client holds one). A poll is held up to pingInterval (25 s), hence
     * the read timeout, as the Java client's default has.
     */
    final OkHttpClient client = new OkHttpClient.Builder().cookieJar(this).readTimeout(1, TimeUnit.MINUTES).build();

    @Override
    public void saveFromResponse(HttpUrl url, List<Cookie> received) {
        received.forEach(cookie -> cookies.put(cookie.name(), cookie));
    }

    @Override
    public List<Cookie> loadForRequest(HttpUrl url) {
        return cookies.values().stream().filter(cookie -> cookie.matches(url)).toList();
    }

    /** The value of a cookie received, if any. */
    Optional<String> value(String name) {
        return Optional.ofNullable(cookies.get(name)).map(Cookie::value);
    }
}
