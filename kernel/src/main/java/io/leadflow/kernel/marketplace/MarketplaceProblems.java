package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.http.ProblemException;
import io.leadflow.marketplace.IndexRefusedException;

/** The problems the marketplace answers with; the refusal carries the failed check, like plugin-refused. */
final class MarketplaceProblems {
    private MarketplaceProblems() {
    }

    static ProblemException refused(IndexRefusedException e) {
        return new ProblemException(422, "marketplace-refused", "Marketplace refused", e.getMessage())
                .with("check", e.check());
    }

    static ProblemException unavailable(String detail) {
        return new ProblemException(502, "marketplace-unavailable", "Marketplace unavailable", detail);
    }

    static ProblemException notConfigured() {
        return new ProblemException(409, "marketplace-not-configured", "No marketplace configured",
                "set LEADFLOW_MARKETPLACE_URL and LEADFLOW_MARKETPLACE_ROOT_KEYS to install from a marketplace");
    }

    static ProblemException notListed(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }
}
