package io.fluxward.engine;

import io.fluxward.model.RepositoryModel;

/** A rule that looks across files: references, graphs, rendered kustomizations. */
public interface RepositoryRule extends Rule {

    void check(RepositoryModel model, RuleContext context);
}
