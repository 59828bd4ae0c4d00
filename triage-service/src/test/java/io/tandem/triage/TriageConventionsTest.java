package io.tandem.triage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.testkit.ServiceConventionsContract;
import io.tandem.testkit.TandemTestResource;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class TriageConventionsTest extends ServiceConventionsContract {

    @Override
    protected boolean hasDatabase() {
        return true;
    }
}
