package io.fluxward.sops;

import io.fluxward.regex.Re2;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code sops:} block of an encrypted file (YAML and JSON), or its flattened form in dotenv
 * ({@code sops_*} lines) and INI ({@code [sops]} section) files, as sops' {@code stores.Metadata}
 * reads it.
 *
 * @param anchor     where findings about the block as a whole point: the {@code sops:} key, the
 *                   first {@code sops_} line, or the {@code [sops]} header
 * @param keyGroups  the master keys, one list per key group: the flat lists ({@code age:},
 *                   {@code pgp:}...) form one group and win over {@code key_groups}, as in sops
 * @param selections every selection setting present (sops refuses a file with more than one)
 */
public record SopsMetadata(SopsFormat format, Span anchor, Optional<Field> mac, Optional<Field> version,
                           Optional<Field> lastModified, List<List<Recipient>> keyGroups, int shamirThreshold,
                           List<Selection> selections, boolean macOnlyEncrypted) {

    /** A metadata value and where it is written. */
    public record Field(String value, Span span) {
    }

    /** Where sops lists the master keys of a file; one of them holding a list is a recipient list. */
    private static final List<String> RECIPIENT_LISTS = Stream.concat(Arrays.stream(KeyType.values())
            .map(KeyType::fileKey), Stream.of("key_groups")).toList();

    /** What sops would do with a value. */
    public enum Verdict { ENCRYPT, LEAVE_PLAIN, UNKNOWN }

    public SopsMetadata {
        keyGroups = keyGroups.stream().map(List::copyOf).toList();
        selections = List.copyOf(selections);
    }

    /**
     * True when {@code node} is SOPS metadata: a mapping with a {@code mac} (what makes a file SOPS-encrypted:
     * Flux looks for {@code mac: ENC[}), or, its mac lost, with {@code lastmodified} or {@code version} and a
     * recipient list ({@code age: [...]}, {@code key_groups: [...]}, also the empty lists sops 3.9 writes).
     * Other tools' {@code sops:} settings (helmfile's {@code sops: {age: {keyFile: ...}}}, a chart's
     * {@code sops: {enabled: true}}) have neither and are not SOPS files.
     */
    public static boolean isMetadata(YNode node) {
        if (!node.isMap()) {
            return false;
        }
        if (node.get("mac").isPresent()) {
            return true;
        }
        boolean stamped = node.get("lastmodified").isPresent() || node.get("version").isPresent();
        return stamped && RECIPIENT_LISTS.stream().anyMatch(k -> node.get(k).isSeq());
    }

    /** Reads a metadata mapping ({@code anchor}: where the block starts). */
    public static SopsMetadata read(YNode sops, Span anchor, SopsFormat format) {
        List<Recipient> flat = recipients(sops);
        List<List<Recipient>> groups = new ArrayList<>();
        if (!flat.isEmpty()) {
            groups.add(flat);
        } else {
            for (YNode group : sops.get("key_groups").items()) {
                groups.add(recipients(group));
            }
        }
        List<Selection> selections = new ArrayList<>();
        for (Selection.Kind kind : Selection.Kind.values()) {
            YNode v = sops.get(kind.key());
            if (v.hasText()) {
                selections.add(new Selection(kind, v.textOr(""), v.span()));
            }
        }
        int shamir = sops.get("shamir_threshold").text().filter(t -> t.matches("\\d{1,9}")).map(Integer::parseInt).orElse(0);
        return new SopsMetadata(format, anchor, field(sops.get("mac")), field(sops.get("version")),
                field(sops.get("lastmodified")), groups, shamir, selections,
                sops.get("mac_only_encrypted").textOr("false").equals("true"));
    }

    private static Optional<Field> field(YNode node) {
        return node.hasText() ? Optional.of(new Field(node.textOr(""), node.span())) : Optional.empty();
    }

    private static List<Recipient> recipients(YNode holder) {
        List<Recipient> out = new ArrayList<>();
        for (KeyType type : KeyType.values()) {
            for (YNode entry : holder.get(type.fileKey()).items()) {
                YNode id = entry.get(type.idField());
                if (type == KeyType.AZURE_KV) {
                    String full = id.textOr("") + "/keys/" + entry.get("name").textOr("") + "/"
                            + entry.get("version").textOr("");
                    out.add(Recipient.of(type, full, entry.span()));
                } else if (type == KeyType.HC_VAULT) {
                    String full = id.textOr("") + "/v1/" + entry.get("engine_path").textOr("") + "/keys/"
                            + entry.get("key_name").textOr("");
                    out.add(Recipient.of(type, full, entry.span()));
                } else if (id.hasText()) {
                    out.add(Recipient.of(type, id.textOr(""), id.span()));
                } else if (entry.isMap()) {
                    out.add(Recipient.of(type, "", entry.span()));
                }
            }
        }
        return out;
    }

    /** Every recipient of every key group. */
    public List<Recipient> recipients() {
        List<Recipient> out = new ArrayList<>();
        keyGroups.forEach(out::addAll);
        return out;
    }

    /** The identities of the recipients of the given types, for set comparisons. */
    public Set<String> identities(Set<KeyType> types) {
        Set<String> out = new LinkedHashSet<>();
        for (Recipient r : recipients()) {
            if (types.contains(r.type())) {
                out.add(r.identity());
            }
        }
        return out;
    }

    /** The selection sops applies: the one the file names, else the default {@code _unencrypted} suffix. */
    public Selection selection() {
        return selections.isEmpty() ? Selection.DEFAULT : selections.get(0);
    }

    /** Problems that make sops refuse this metadata, without quoting any secret. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (mac.isEmpty()) {
            out.add("has no mac");
        }
        if (version.isEmpty()) {
            out.add("has no version");
        }
        if (lastModified.isEmpty()) {
            out.add("has no lastmodified");
        } else if (!isRfc3339(lastModified.get().value())) {
            out.add("has a lastmodified that is not an RFC 3339 time");
        }
        if (recipients().isEmpty()) {
            out.add("has no recipient (no age, pgp, kms, gcp_kms, azure_kv, hc_vault or hckms entry)");
        }
        if (selections.size() > 1) {
            out.add("names more than one of encrypted_regex, unencrypted_regex, encrypted_suffix, unencrypted_suffix,"
                    + " encrypted_comment_regex, unencrypted_comment_regex (sops refuses such a file)");
        }
        return out;
    }

    private static boolean isRfc3339(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Whether sops encrypts a value at {@code keyPath} (the mapping keys from the document root to
     * the value; sequence positions are not part of it), exactly as sops' {@code shouldBeEncrypted}:
     * every key on the path is tested, regexes are unanchored RE2. {@link Verdict#UNKNOWN} when the
     * answer depends on YAML comments or on a regex that cannot be compiled.
     */
    public Verdict verdict(List<String> keyPath) {
        if (selections.size() > 1) {
            return Verdict.UNKNOWN;
        }
        Selection s = selection();
        switch (s.kind()) {
            case UNENCRYPTED_SUFFIX -> {
                return keyPath.stream().anyMatch(k -> k.endsWith(s.value())) ? Verdict.LEAVE_PLAIN : Verdict.ENCRYPT;
            }
            case ENCRYPTED_SUFFIX -> {
                return keyPath.stream().anyMatch(k -> k.endsWith(s.value())) ? Verdict.ENCRYPT : Verdict.LEAVE_PLAIN;
            }
            case UNENCRYPTED_REGEX, ENCRYPTED_REGEX -> {
                Optional<Re2> p = Re2.compile(s.value());
                if (p.isEmpty()) {
                    return Verdict.UNKNOWN;
                }
                boolean any = keyPath.stream().anyMatch(k -> p.get().find(k));
                boolean encrypt = s.kind() == Selection.Kind.ENCRYPTED_REGEX ? any : !any;
                return encrypt ? Verdict.ENCRYPT : Verdict.LEAVE_PLAIN;
            }
            default -> {
                return Verdict.UNKNOWN;
            }
        }
    }
}
