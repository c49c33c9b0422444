package io.fluxward.git;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YEntry;

/**
 * Test-only stand-in for a secret rule: a core Secret with a plaintext {@code stringData} /
 * {@code data} value, unless the file is SOPS-encrypted. Drives the git pipeline in-process
 * independently of the real rule pack; not registered as a service.
 */
@RuleInfo(id = "TEST-S001", name = "test-plaintext-secret", level = Level.ERROR,
        summary = "A Secret holds a plaintext value.", description = "Test rule.", fix = "Encrypt it.",
        bad = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {password: hunter2}\n",
        good = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n",
        tags = {"security", "secrets"}, securitySeverity = "9.0")
public final class TestSecretRule implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        boolean sops = file.documents().stream().anyMatch(d -> d.root().get("sops").get("mac").hasText());
        if (sops) {
            return;
        }
        for (KubeObject o : file.objects()) {
            if (!o.is("", "Secret")) {
                continue;
            }
            for (String field : new String[] {"stringData", "data"}) {
                for (YEntry e : o.node().get(field).entries()) {
                    if (e.value().hasText() && !e.value().textOr("").startsWith("ENC[")) {
                        context.report(o, e.value(), "Secret " + o.name() + " has a plaintext value in " + field + "."
                                + e.keyText() + " (value ****)");
                    }
                }
            }
        }
    }
}
