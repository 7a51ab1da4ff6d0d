package io.leadflow.kernel.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

/**
 * Ignores an {@code Upgrade} the kernel does not speak (e.g. Java's HTTP client offering
 * {@code h2c} on every request). Grizzly otherwise treats such a request as upgraded and waits
 * for body bytes that never come, so a plain GET would hang until the client gives up. WebSocket
 * upgrades pass untouched to Tyrus.
 */
public final class ForeignUpgradeFilter extends BaseFilter {

    /** Installs the filter right after Grizzly's HTTP codec. */
    public static AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener listener, FilterChainBuilder builder) {
                builder.add(builder.indexOfType(HttpServerFilter.class) + 1, new ForeignUpgradeFilter());
            }
        };
    }

    @Override
    public NextAction handleEvent(FilterChainContext context, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            if (!"websocket".equalsIgnoreCase(header.getUpgrade())) {
                header.setIgnoreContentModifiers(false);
                header.getHeaders().removeHeader(Header.Upgrade);
                header.getUpgradeDC().recycle();
            }
        }
        return context.getInvokeAction();
    }
}
