package io.tandem.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tandem.model.Wire;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of the contract: ISO-8601 times, nulls omitted, unknown fields tolerated
 * (forward compatibility), kebab-case enum names, and errors that name the offending field.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /** Applies the contract's settings to a mapper, e.g. the one a Quarkus service already has. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .registerModule(IsoInstants.module())
                .registerModule(wireEnums())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads one event; a malformed or incomplete one becomes an {@link EventFormatException} naming the field. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw EventFormatException.from(type, e);
        }
    }

    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static String reason(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return vie.getCause().getMessage();
        }
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    private static SimpleModule wireEnums() {
        SimpleModule module = new SimpleModule("tandem-wire-enums");
        module.addSerializer(Wire.Named.class, new StdSerializer<>(Wire.Named.class) {
            @Override
            public void serialize(Wire.Named value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.wire());
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return Wire.Named.class.isAssignableFrom(type.getRawClass())
                        ? new WireEnumDeserializer(type.getRawClass()) : deserializer;
            }
        });
        return module;
    }

    private static final class WireEnumDeserializer extends StdScalarDeserializer<Object> {

        WireEnumDeserializer(Class<?> type) {
            super(type);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Wire.parse((Class) handledType(), text);
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(text, handledType(), e.getMessage());
            }
        }
    }

    private Json() {
    }
}
