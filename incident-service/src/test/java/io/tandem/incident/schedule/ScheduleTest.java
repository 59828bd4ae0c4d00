package io.tandem.incident.schedule;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tandem.incident.Fixtures;
import io.tandem.model.Priority;
import io.tandem.model.signal.SignalKind;
import io.tandem.testkit.TandemTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.incident.Fixtures.as;
import static io.tandem.incident.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TandemTestResource.class)
class ScheduleTest {

    /** A daily 09:00 Berlin rotation spanning the DST change of 2026-03-29, with a weekly layer from April on top. */
    static Map<String, Object> berlin(String team) {
        return Map.of("name", "primary", "team", team, "timeZone", "Europe/Berlin", "layers", List.of(
                Map.of("name", "daily", "rotation", "daily", "start", "2026-03-27T09:00", "users", List.of("ann", "ben", "cat")),
                Map.of("name", "april", "rotation", "weekly", "start", "2026-04-01T00:00", "users", List.of("zed"))));
    }

    static String create(Map<String, Object> body) {
        return as("admin").body(body).post("/api/v1/schedules").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/schedules/"))
                .extract().jsonPath().getString("id");
    }

    private static JsonPath onCall(String id, String at) {
        return as("viewer").queryParam("at", at).get("/api/v1/schedules/" + id + "/on-call").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void shouldHandOffAtTheLocalTimeOfDay() {
        String id = create(berlin(unique("handoff")));

        assertThat(onCall(id, "2026-03-27T08:00:00Z").getString("user")).isEqualTo("ann");
        assertThat(onCall(id, "2026-03-28T07:59:59Z").getString("user")).isEqualTo("ann");
        assertThat(onCall(id, "2026-03-28T08:00:00Z").getString("user")).isEqualTo("ben");
        assertThat(onCall(id, "2026-03-26T12:00:00Z").getString("user")).isNull();
    }

    @Test
    void shouldKeepTheHandOffAtNineLocalAcrossTheDstChange() {
        String id = create(berlin(unique("dst")));

        // After the switch to CEST, 09:00 local is 07:00Z, an hour earlier in UTC than the day before.
        assertThat(onCall(id, "2026-03-29T06:59:59Z").getString("user")).isEqualTo("ben");
        JsonPath after = onCall(id, "2026-03-29T07:00:00Z");
        assertThat(after.getString("user")).isEqualTo("cat");
        assertThat(after.getString("layer")).isEqualTo("daily");
        assertThat(after.getString("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(onCall(id, "2026-03-30T06:59:59Z").getString("user")).isEqualTo("cat");
        assertThat(onCall(id, "2026-03-30T07:00:00Z").getString("user")).isEqualTo("ann");
    }

    @Test
    void shouldLetALaterLayerAndAnOverrideWin() {
        String id = create(berlin(unique("override")));
        assertThat(onCall(id, "2026-04-02T12:00:00Z").getString("layer")).isEqualTo("april");
        assertThat(onCall(id, "2026-04-02T12:00:00Z").getString("user")).isEqualTo("zed");

        String overrideId = as("responder").body(Map.of("user", "olga", "start", "2026-03-29T10:00:00Z",
                        "end", "2026-03-29T12:00:00Z")).post("/api/v1/schedules/" + id + "/overrides")
                .then().statusCode(201).extract().jsonPath().getString("id");

        JsonPath during = onCall(id, "2026-03-29T11:00:00Z");
        assertThat(during.getString("user")).isEqualTo("olga");
        assertThat(during.getString("overrideId")).isEqualTo(overrideId);
        assertThat(onCall(id, "2026-03-29T12:00:00Z").getString("user")).isEqualTo("cat");

        as("responder").delete("/api/v1/schedules/" + id + "/overrides/" + overrideId).then().statusCode(204);
        assertThat(onCall(id, "2026-03-29T11:00:00Z").getString("user")).isEqualTo("cat");
    }

    @Test
    void shouldDefaultTheAssigneeOfANewIncidentToTheTeamsOnCallPerson() {
        String team = unique("oncall");
        create(Map.of("name", "always", "team", team, "timeZone", "UTC", "layers", List.of(Map.of("rotation", "custom",
                "lengthHours", 100000, "start", "2020-01-01T00:00", "users", List.of("pat-" + team)))));

        Fixtures.send(Fixtures.routed(UUID.randomUUID(), team, SignalKind.AVAILABILITY, Priority.P3));

        assertThat(Fixtures.incidentOf(team).getString("assignee")).isEqualTo("pat-" + team);
    }

    @Test
    void shouldValidateSchedulesNamingEachField() {
        as("admin").body(Map.of("name", "x", "timeZone", "Mars/Olympus", "layers", List.of(
                        Map.of("rotation", "hourly", "start", "yesterday", "users", List.of()))))
                .post("/api/v1/schedules").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("timeZone", "layers[0].rotation", "layers[0].start",
                        "layers[0].users"));
        as("responder").body(berlin("x")).post("/api/v1/schedules").then().statusCode(403);
        String id = create(berlin(unique("bad-at")));
        as("viewer").queryParam("at", "noon").get("/api/v1/schedules/" + id + "/on-call").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
    }

    /** Berlin: "night-…" always on call, "day-…" on top only within {@code restriction}. */
    private static Map<String, Object> officeHours(String team, Map<String, Object> restriction) {
        return Map.of("name", "office hours", "team", team, "timeZone", "Europe/Berlin", "layers", List.of(
                Map.of("name", "always", "rotation", "weekly", "start", "2026-01-05T00:00", "users", List.of("night-" + team)),
                Map.of("name", "office", "rotation", "weekly", "start", "2026-01-05T00:00", "users", List.of("day-" + team),
                        "restrictions", List.of(restriction))));
    }

    @Test
    void shouldAnswerWithARestrictedLayerOnlyInsideItsWeekdayHoursAcrossTheDstChange() {
        String team = unique("office");
        String id = create(officeHours(team, Map.of("days", List.of("monday", "Tuesday", "WEDNESDAY", "thursday", "friday"),
                "start", "09:00", "duration", "PT8H")));
        as("viewer").get("/api/v1/schedules/" + id).then().statusCode(200)
                .body("layers[1].restrictions[0].start", equalTo("09:00:00"))
                .body("layers[1].restrictions[0].duration", equalTo("PT8H"))
                .body("layers[1].restrictions[0].days", org.hamcrest.Matchers.hasSize(5));

        // Friday before the change (CET): 09:00 local is 08:00Z; the weekend falls to the layer below.
        assertThat(onCall(id, "2026-03-27T07:59:59Z").getString("user")).isEqualTo("night-" + team);
        JsonPath office = onCall(id, "2026-03-27T08:00:00Z");
        assertThat(office.getString("user")).isEqualTo("day-" + team);
        assertThat(office.getString("layer")).isEqualTo("office");
        assertThat(onCall(id, "2026-03-29T09:00:00Z").getString("user")).isEqualTo("night-" + team);
        // Monday after the change (CEST): 09:00–17:00 local is 07:00Z–15:00Z.
        assertThat(onCall(id, "2026-03-30T06:59:59Z").getString("user")).isEqualTo("night-" + team);
        assertThat(onCall(id, "2026-03-30T07:00:00Z").getString("user")).isEqualTo("day-" + team);
        assertThat(onCall(id, "2026-03-30T14:59:59Z").getString("user")).isEqualTo("day-" + team);
        JsonPath evening = onCall(id, "2026-03-30T15:00:00Z");
        assertThat(evening.getString("user")).isEqualTo("night-" + team);
        assertThat(evening.getString("layer")).isEqualTo("always");
    }

    @Test
    void shouldDefaultTheAssigneeToTheRestrictedLayerOnlyWhileItIsOnDuty() {
        // Windows around the current time, so the incident opened now falls inside one and outside the other: the
        // same hours, on today's weekday or on tomorrow's.
        java.time.LocalDateTime from = java.time.LocalDateTime.now(java.time.ZoneId.of("Europe/Berlin")).minusHours(1);
        String onDuty = unique("on-duty");
        create(officeHours(onDuty, Map.of("days", List.of(from.getDayOfWeek().name()),
                "start", from.toLocalTime().withNano(0).toString(), "duration", "PT2H")));
        String offDuty = unique("off-duty");
        create(officeHours(offDuty, Map.of("days", List.of(from.getDayOfWeek().plus(1).name()),
                "start", from.toLocalTime().withNano(0).toString(), "duration", "PT2H")));

        Fixtures.send(Fixtures.routed(UUID.randomUUID(), onDuty, SignalKind.AVAILABILITY, Priority.P3));
        Fixtures.send(Fixtures.routed(UUID.randomUUID(), offDuty, SignalKind.AVAILABILITY, Priority.P3));

        assertThat(Fixtures.incidentOf(onDuty).getString("assignee")).isEqualTo("day-" + onDuty);
        assertThat(Fixtures.incidentOf(offDuty).getString("assignee")).isEqualTo("night-" + offDuty);
    }

    @Test
    void shouldValidateRestrictionsNamingEachField() {
        as("admin").body(officeHours("x", Map.of("days", List.of("mon", "friday"), "start", "9 am", "duration", "P8D")))
                .post("/api/v1/schedules").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("layers[1].restrictions[0].days[0]",
                        "layers[1].restrictions[0].start", "layers[1].restrictions[0].duration"));
        as("admin").body(officeHours("x", Map.of("duration", "PT8H"))).post("/api/v1/schedules").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("layers[1].restrictions[0].start"));
    }
}
