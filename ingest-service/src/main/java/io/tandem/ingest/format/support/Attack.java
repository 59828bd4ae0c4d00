package io.tandem.ingest.format.support;

import io.tandem.model.signal.AttackRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MITRE ATT&CK (Enterprise) tactic names and ids, so formats that name only one of them ("Defense Evasion",
 * {@code DEFENSE_EVASION}, {@code InitialAccess}, {@code mitre_execution}) yield both, and technique ids found in
 * text such as {@code "Masquerading (T1036)"}.
 */
public final class Attack {

    private static final Pattern TECHNIQUE = Pattern.compile("\\bT\\d{4}(\\.\\d{3})?\\b");
    private static final Pattern TACTIC_ID = Pattern.compile("TA\\d{4}");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Map<String, String> ID_BY_KEY = new HashMap<>();
    private static final Map<String, String> NAME_BY_ID = new LinkedHashMap<>();

    static {
        tactic("TA0043", "Reconnaissance");
        tactic("TA0042", "Resource Development");
        tactic("TA0001", "Initial Access");
        tactic("TA0002", "Execution");
        tactic("TA0003", "Persistence");
        tactic("TA0004", "Privilege Escalation");
        tactic("TA0005", "Defense Evasion");
        tactic("TA0006", "Credential Access");
        tactic("TA0007", "Discovery");
        tactic("TA0008", "Lateral Movement");
        tactic("TA0009", "Collection");
        tactic("TA0011", "Command and Control");
        tactic("TA0010", "Exfiltration");
        tactic("TA0040", "Impact");
    }

    private static void tactic(String id, String name) {
        NAME_BY_ID.put(id, name);
        ID_BY_KEY.put(key(name), id);
    }

    /** A tactic named in any common spelling, with its id; null when the name is not an ATT&CK tactic. */
    public static AttackRef tactic(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return null;
        }
        String trimmed = nameOrId.trim();
        if (TACTIC_ID.matcher(trimmed).matches()) {
            return new AttackRef(trimmed, NAME_BY_ID.get(trimmed), null, null);
        }
        String k = key(trimmed);
        if (k.startsWith("mitre")) {
            k = k.substring("mitre".length());
        }
        String id = ID_BY_KEY.get(k);
        return id == null ? null : new AttackRef(id, NAME_BY_ID.get(id), null, null);
    }

    /** The tactic, or a reference carrying the name as given when it is not a known tactic. */
    public static AttackRef tacticOrName(String name) {
        AttackRef known = tactic(name);
        return known != null ? known : name == null || name.isBlank() ? null : new AttackRef(null, name.trim(), null, null);
    }

    /** A technique with an optional tactic; the tactic id is filled from its name (and vice versa) when known. */
    public static AttackRef of(String tacticIdOrName, String techniqueId, String technique) {
        AttackRef tactic = tacticOrName(tacticIdOrName);
        String techId = techniqueId == null ? null : techniqueId.trim();
        if (tactic == null && (techId == null || techId.isEmpty()) && (technique == null || technique.isBlank())) {
            return null;
        }
        return new AttackRef(tactic == null ? null : tactic.tacticId(), tactic == null ? null : tactic.tactic(),
                techId == null || techId.isEmpty() ? null : techId, technique == null || technique.isBlank() ? null : technique.trim());
    }

    /** Technique ids in free text, with the name before them when written as {@code "Name (T1234)"}. */
    public static List<AttackRef> techniquesIn(String text) {
        List<AttackRef> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = TECHNIQUE.matcher(text);
        while (m.find()) {
            String before = text.substring(0, m.start()).trim();
            String name = null;
            if (before.endsWith("(")) {
                String candidate = before.substring(0, before.length() - 1).replaceAll("^.*[\\[\\],;\"]", "").trim();
                name = candidate.isEmpty() ? null : candidate;
            }
            out.add(new AttackRef(null, null, m.group(), name));
        }
        return out;
    }

    public static boolean isTechniqueId(String value) {
        return value != null && TECHNIQUE_ID.matcher(value.trim()).matches();
    }

    /** The letters of a name, lower case: how every spelling of a tactic compares. */
    private static String key(String name) {
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if (c >= 'a' && c <= 'z') {
                letters.append(c);
            }
        }
        return letters.toString().replace("commandcontrol", "commandandcontrol");
    }

    private Attack() {
    }
}
