package io.fluxward.engine;

import io.fluxward.model.FileModel;

/** A rule whose findings depend only on one file's content (and the configuration). */
public interface FileRule extends Rule {

    void check(FileModel file, RuleContext context);
}
