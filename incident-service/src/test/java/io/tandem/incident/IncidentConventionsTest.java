package io.tandem.incident;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tandem.testkit.ServiceConventionsContract;
import io.tandem.testkit.TandemTestResource;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class IncidentConventionsTest extends ServiceConventionsContract {

    @Override
    protected boolean hasDatabase() {
        return true;
    }
}
