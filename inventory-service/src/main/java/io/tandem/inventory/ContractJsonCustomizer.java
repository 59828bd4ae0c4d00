package io.tandem.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tandem.model.json.Json;
import jakarta.inject.Singleton;

/**
 * Makes the REST layer speak the contract's JSON (kebab-case enums, ISO times, nulls omitted), so an asset reads
 * the same over HTTP as on {@code inventory.assets}.
 */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
