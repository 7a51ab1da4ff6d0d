package io.leadflow.kernel.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.SwapProbe;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestMarketplace;
import org.junit.jupiter.api.Test;

/**
 * A hot upgrade from the marketplace while an execution is in flight: the node run in flight
 * finishes on the version it started on, the next node and a run started during the swap run on the
 * new one — no restart.
 */
class MarketplaceHotUpgradeIT {

    @Test
    void anUpgradeFromTheIndexLetsTheRunInFlightFinishOnItsVersion() throws Exception {
        try (TestMarketplace market = TestMarketplace.create()) {
            market.add(SwapProbe.stampPlugin("mkt-swap", "1.0.0", SwapProbe.IN_FLIGHT_MILLIS).build());
            market.add(SwapProbe.stampPlugin("mkt-swap", "2.0.0", 0).build());
            market.sign();
            try (TestKernel kernel = TestKernel.start(market.settings())) {
                ApiClient admin = kernel.admin();
                assertThat(install(admin, "1.0.0").status()).isEqualTo(200);
                SwapProbe.assertRunsInFlightFinishOnTheirVersion(admin, "mkt-swap", "1.0.0", "2.0.0",
                        () -> install(admin, "2.0.0"));
            }
        }
    }

    private static ApiResponse install(ApiClient admin, String version) {
        return admin.post("/api/v1/marketplace/install", "{\"id\":\"mkt-swap\",\"version\":\"" + version + "\"}");
    }
}
