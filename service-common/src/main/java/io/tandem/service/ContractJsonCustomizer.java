package io.tandem.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tandem.model.json.Json;
import jakarta.inject.Singleton;

/**
 * Makes the REST layer speak the contract's JSON (kebab-case enums, ISO times, nulls omitted), so an event or resource reads
 * the same over HTTP as on its topic, in every service.
 */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
