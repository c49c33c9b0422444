package io.fluxward.kustomize;

import io.fluxward.model.RepositoryChanges;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Folder builds kept between the scans of one long-lived process (the resident server). Each build is
 * kept with every answer it read (files, by model identity; folder listings; whether paths exist;
 * generator sources, by content; the {@code .sourceignore} rules; the scanned folder's position) and
 * the nested folder builds it used, and a later scan reuses it only when each of those reads gives the
 * same answer there and each nested build is reused too. So after a one-file change only the folders
 * that read the file, and the folders that include them, are built again. Thread-safe.
 */
final class RenderMemo {

    /** What a build asked the repository. */
    enum Question { FILE, EXISTS, DIRECTORY, UNSEEN, KUSTOMIZATION_NAMES, CHILDREN, FILES_UNDER, BYTES, SOURCE_IGNORE, POSITION,
        FOLDER_LINK, LINK_FAULT, INCLUDED }

    /** A generator source's bytes, compared by content. */
    record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + (value == null ? "unreadable" : value.length) + "]";
        }
    }

    /** One question and the answer the build got. */
    record Read(Question question, String path, Object answer) {

        /** Files are the same only as the same model (loaded from the same content); other answers by value. */
        boolean sameAs(Object now) {
            return question == Question.FILE ? answer == now : Objects.equals(answer, now);
        }

        /**
         * True when the answer cannot differ after {@code changes}, without asking again: a file whose model
         * is the very same, or a question about which paths exist when none was added or removed. The others
         * (generator sources' bytes, {@code .sourceignore} rules, the position, includes) are compared by value.
         */
        boolean unchangedBy(RepositoryChanges changes) {
            return switch (question) {
                case FILE -> changes.sameFile(path);
                case EXISTS, DIRECTORY, UNSEEN, KUSTOMIZATION_NAMES, CHILDREN, FILES_UNDER -> changes.sameLayout();
                // A link's target is not part of the layout; a GitRepository's spec.include is content.
                case BYTES, SOURCE_IGNORE, POSITION, FOLDER_LINK, LINK_FAULT, INCLUDED -> false;
            };
        }
    }

    /** A nested folder build used, by memo key and the very result used. */
    record Nested(String key, Accumulated result) {
    }

    /** A kept folder build. */
    static final class Entry {
        final Accumulated result;
        final List<Read> reads;
        final List<Nested> nested;
        /** The finished build of the folder, once someone asked for it (a function of {@code result}). */
        private volatile Build finished;

        Entry(Accumulated result, List<Read> reads, List<Nested> nested) {
            this.result = result;
            this.reads = List.copyOf(reads);
            this.nested = List.copyOf(nested);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The repository of the scan these builds were made or checked in: what every kept read was true of. */
    private final RepositoryChanges.Basis basis;

    RenderMemo(RepositoryChanges.Basis basis) {
        this.basis = basis;
    }

    RepositoryChanges.Basis basis() {
        return basis;
    }

    Entry get(String key) {
        return entries.get(key);
    }

    void put(String key, Entry entry) {
        entries.putIfAbsent(key, entry);
    }

    /** The memo key of a folder's build: the folder, or for a folder without kustomization file Flux's generated one. */
    static String key(String dir, boolean generated) {
        return generated ? dir + "\n(generated)" : dir;
    }

    /** The finished build of {@code acc}, made once per kept result. */
    Build finished(String dir, Accumulated acc, Supplier<Build> finish) {
        for (String key : new String[] {key(dir, false), key(dir, true)}) {
            Entry e = entries.get(key);
            if (e != null && e.result == acc) {
                Build b = e.finished;
                if (b == null) {
                    b = finish.get();
                    e.finished = b;
                }
                return b;
            }
        }
        return finish.get();
    }
}
