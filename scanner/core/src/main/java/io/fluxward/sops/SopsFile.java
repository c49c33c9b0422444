package io.fluxward.sops;

import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A SOPS-encrypted file as sops reads it, in any of the formats Flux decrypts: YAML (a top-level
 * {@code sops:} mapping in each document), JSON ({@code "sops": {...}}, also sops' binary format whatever
 * the file's name), dotenv ({@code sops_*}
 * lines) and INI (a {@code [sops]} section). It gives the metadata and every value with its key
 * path, so rules can ask "should sops have encrypted this, and did it?".
 *
 * <p>Multi-document YAML: sops reads the metadata of the first document and writes it into every
 * document; a document without its own block is judged by the first one found.
 */
public final class SopsFile {

    /**
     * One value of the file (not of the metadata).
     *
     * @param document 0-based document index (always 0 outside YAML)
     * @param keyPath  the mapping keys from the root to the value, as sops tests them
     * @param path     the same path with sequence positions, for messages ({@code stringData.password})
     * @param value    the value's text (never print it)
     * @param node     the YAML scalar (YAML and JSON), else {@link YMissing}
     * @param span     where the value is written
     */
    public record Leaf(int document, List<String> keyPath, String path, String value, YNode node, Span span) {

        public Leaf {
            keyPath = List.copyOf(keyPath);
        }

        public boolean isEmpty() {
            return value.isEmpty();
        }

        public boolean looksEncrypted() {
            return EncValue.looksEncrypted(value);
        }
    }

    /** One document: its own metadata block if it has one, the metadata that applies, and its values. */
    public record Document(int index, Optional<SopsMetadata> own, SopsMetadata metadata, YNode root, List<Leaf> leaves) {

        public Document {
            leaves = List.copyOf(leaves);
        }
    }

    private final String path;
    private final SopsFormat format;
    private final List<Document> documents;

    private SopsFile(String path, SopsFormat format, List<Document> documents) {
        this.path = path;
        this.format = format;
        this.documents = List.copyOf(documents);
    }

    public String path() {
        return path;
    }

    public SopsFormat format() {
        return format;
    }

    /** The documents that carry or inherit SOPS metadata. */
    public List<Document> documents() {
        return documents;
    }

    /** The metadata sops uses for the file: the first block found. */
    public SopsMetadata metadata() {
        return documents.get(0).metadata();
    }

    /** Every value of every document. */
    public List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        documents.forEach(d -> out.addAll(d.leaves()));
        return out;
    }

    /** True when at least one value is encrypted: the metadata is not just decoration. */
    public boolean hasEncryptedValue() {
        return leaves().stream().anyMatch(Leaf::looksEncrypted);
    }

    /** The values that are not encrypted and not empty (what a reader of the file sees in clear). */
    public List<Leaf> plaintextValues() {
        return leaves().stream().filter(l -> !l.isEmpty() && !l.looksEncrypted()).toList();
    }

    /** Reads a file as SOPS; empty when it has no SOPS metadata. */
    public static Optional<SopsFile> of(FileModel file) {
        if (file.template()) {
            return Optional.empty();
        }
        if (file.isYaml()) {
            return fromDocuments(file.path(), file.documents(),
                    file.file().type() == FileType.JSON ? SopsFormat.JSON : SopsFormat.YAML);
        }
        if (file.file().type() != FileType.TEXT) {
            return Optional.empty();
        }
        String text = file.file().text();
        if (text.stripLeading().startsWith("{") && text.contains("\"sops\"")) {
            // sops' binary format (any file name sops does not know: tls.key, x.enc) is JSON, known by content.
            return fromDocuments(file.path(), YamlParser.parse(FileLoader.jsonTabsAsSpaces(text)).documents(),
                    SopsFormat.JSON);
        }
        if (text.contains("sops_") && text.contains("=")) {
            Optional<SopsFile> env = DotenvReader.read(file.path(), text);
            if (env.isPresent()) {
                return env;
            }
        }
        if (text.contains("[sops]")) {
            return IniReader.read(file.path(), text);
        }
        return Optional.empty();
    }

    /** True when the file's text carries one of the markers by which Flux's decryptor recognises SOPS content. */
    public static boolean hasFluxMarker(String text) {
        return text.contains("mac: ENC[") || text.contains("\"mac\": \"ENC[") || text.contains("sops_mac=ENC[")
                || text.contains("[sops]");
    }

    private static Optional<SopsFile> fromDocuments(String path, List<YDocument> all, SopsFormat format) {
        SopsMetadata first = null;
        List<Optional<SopsMetadata>> own = new ArrayList<>();
        for (YDocument doc : all) {
            Optional<SopsMetadata> m = Optional.empty();
            if (doc.root() instanceof YMap map) {
                YNode sops = map.get("sops");
                if (SopsMetadata.isMetadata(sops)) {
                    m = Optional.of(SopsMetadata.read(sops, map.keyNode("sops").span(), format));
                }
            }
            own.add(m);
            if (first == null && m.isPresent()) {
                first = m.get();
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            YDocument doc = all.get(i);
            if (!(doc.root() instanceof YMap)) {
                continue;
            }
            docs.add(new Document(doc.index(), own.get(i), own.get(i).orElse(first), doc.root(),
                    valuesOf(doc.index(), doc.root())));
        }
        return Optional.of(new SopsFile(path, format, docs));
    }

    /** The values of a YAML/JSON document (SOPS or not), without a top-level {@code sops} block. */
    public static List<Leaf> valuesOf(int document, YNode root) {
        List<Leaf> out = new ArrayList<>();
        YWalker.walk(root, (path, node) -> {
            if (path.size() == 1 && node == root.get("sops") && "sops".equals(path.get(0))) {
                return false;
            }
            if (node instanceof YScalar s && !s.isNull()) {
                List<String> keys = new ArrayList<>();
                for (Object p : path) {
                    if (p instanceof String k) {
                        keys.add(k);
                    }
                }
                if (!keys.isEmpty()) {
                    out.add(new Leaf(document, keys, YWalker.render(path), s.value(), s, s.span()));
                }
            }
            return true;
        });
        return out;
    }

    /** Built by the line-based readers. */
    static SopsFile ofLines(String path, SopsFormat format, SopsMetadata metadata, List<Leaf> leaves) {
        return new SopsFile(path, format, List.of(new Document(0, Optional.of(metadata), metadata, YMissing.INSTANCE,
                leaves)));
    }
}
