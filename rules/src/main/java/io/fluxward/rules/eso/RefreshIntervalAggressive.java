package io.fluxward.rules.eso;

import io.fluxward.engine.Level;
import io.fluxward.engine.RepositoryRule;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.eso.GoDuration;
import io.fluxward.eso.Placement;
import io.fluxward.eso.SecretSync;
import io.fluxward.flux.Vars;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** FW-E004: an ExternalSecret or PushSecret polls its store more often than the configured minimum. */
@RuleInfo(
        id = "FW-E004",
        name = "refresh-interval-aggressive",
        level = Level.NOTE,
        summary = "An ExternalSecret or PushSecret refreshes more often than the configured minimum (default 1m).",
        description = """
                Every refresh is an API call to the secret manager, per ExternalSecret. Intervals of seconds \
                multiply into request bills (AWS Secrets Manager and GCP Secret Manager charge per call), \
                provider rate limits and throttling errors that then delay every other ExternalSecret. \
                Fires when `refreshInterval` (a Go duration such as `30s`, `1h0m0s`, `500ms`) is below the \
                minimum, for ExternalSecrets, ClusterExternalSecrets (`externalSecretSpec.refreshInterval`), \
                PushSecrets and ClusterPushSecrets. `0` means "sync once" and never fires, nor does an \
                ExternalSecret whose `refreshPolicy` is `CreatedOnce` or `OnChange` (the interval is unused). \
                The minimum is the rule option `minimum` (default `1m`): \
                `rules: {FW-E004: {minimum: 5m}}`. The interval judged is the one each build applies (after \
                kustomize patches, of a kustomization or a Flux Kustomization, with its post-build variables where \
                their values are known); one a patch sets is reported at the patch.""",
        fix = """
                Raise `refreshInterval` to what the secret's rotation really needs (ESO's default is `1h`), \
                or use `refreshPolicy: OnChange` and trigger a sync on demand with \
                `kubectl annotate externalsecret NAME force-sync=$(date +%s) --overwrite`.""",
        bad = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  refreshInterval: 10s
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  dataFrom:
                    - extract: {key: apps/db}
                """,
        good = """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: db
                  namespace: apps
                spec:
                  refreshInterval: 1h
                  secretStoreRef: {kind: ClusterSecretStore, name: vault}
                  dataFrom:
                    - extract: {key: apps/db}
                """,
        tags = {"external-secrets", "cost", "performance"},
        options = {"minimum"})
public final class RefreshIntervalAggressive implements RepositoryRule {

    static final String ID = "FW-E004";
    private static final long DEFAULT_MINIMUM = 60_000_000_000L;

    @Override
    public void check(RepositoryModel model, RuleContext context) {
        YNode option = context.config().ruleOption(ID, "minimum");
        Optional<Long> configured = option.text().flatMap(GoDuration::parseNanos).filter(n -> n >= 0);
        if (option.isPresent() && configured.isEmpty()) {
            model.file(".fluxward.yaml").ifPresent(file -> reportBadOption(file, context));
        }
        long minimum = configured.orElse(DEFAULT_MINIMUM);
        // Builds that apply one manifest alike give one finding at one place.
        Set<Location> reported = new HashSet<>();
        for (Placement.Applied applied : Placement.appliedWhere(model, o -> SecretSync.of(o).isPresent())) {
            SecretSync.of(applied.object()).ifPresent(sync -> check(applied, sync, minimum, reported, context));
        }
    }

    private static void check(Placement.Applied applied, SecretSync sync, long minimum, Set<Location> reported,
                              RuleContext context) {
        for (Vars.Substituted policy : applied.values(sync.spec().get("refreshPolicy"))) {
            if (policy.value().equals("CreatedOnce") || policy.value().equals("OnChange")) {
                return;
            }
        }
        YNode interval = sync.refreshInterval();
        if (!interval.isPresent()) {
            return;
        }
        // Judged as Flux applies it: post-build variables substituted where their values are known.
        for (Vars.Substituted value : applied.values(interval)) {
            Optional<Long> nanos = GoDuration.parseNanos(value.value());
            if (nanos.isEmpty() || nanos.get() <= 0 || nanos.get() >= minimum || !reported.add(applied.locationOf(interval))) {
                continue;
            }
            context.at(applied.fileOf(interval), interval).message(applied.written().ref() + " refreshes every "
                    + value.shown() + ", more often than the minimum of " + GoDuration.format(minimum)
                    + ": every refresh is a call to the secret manager (cost, rate limits); ESO's default is 1h").report();
        }
    }

    /** A minimum that is not a duration is reported at its place in {@code .fluxward.yaml}, once. */
    private static void reportBadOption(FileModel file, RuleContext context) {
        if (file.documents().isEmpty()) {
            return;
        }
        YNode here = file.documents().get(0).root().at("rules", ID, "minimum");
        if (here.isPresent()) {
            context.at(file.path(), here).level(Level.ERROR).message("rules." + ID + ".minimum must be a Go duration "
                    + "such as 1m, 30s or 1h0m0s; the default of 1m is used instead").report();
        }
    }
}
