package io.fluxward.engine;

import io.fluxward.model.Note;
import java.util.List;

/**
 * What a group of rules reported on some input, after inline suppressions and before levels,
 * fingerprints and filters: the unit a {@link ResultCache} stores. File rules give one outcome
 * per file (keyed by its blob), repository rules one per snapshot (keyed by its content).
 *
 * @param reported   findings with the structural locators their fingerprints are made from
 * @param suppressed findings that inline suppressions hid
 * @param notes      notes the rules produced (internal errors)
 */
public record Outcome(List<Reported> reported, int suppressed, List<Note> notes) {

    public Outcome {
        reported = List.copyOf(reported);
        notes = List.copyOf(notes);
    }

    /** A finding plus the structural locator its fingerprint is made from. */
    public record Reported(Finding finding, String locator) {
    }
}
