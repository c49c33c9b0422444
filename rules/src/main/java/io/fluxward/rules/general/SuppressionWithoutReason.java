package io.fluxward.rules.general;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.model.Suppression;

/** FW-G005: an inline suppression that does not say why. */
@RuleInfo(
        id = "FW-G005",
        name = "suppression-without-reason",
        level = Level.WARNING,
        summary = "An inline fluxward:ignore comment gives no reason.",
        description = """
                A suppression hides findings from everyone who reads the report later, so it has to say why \
                the finding does not apply or is accepted: `# fluxward:ignore FW-S001 bootstrap token, rotated \
                on first start`. One without a reason (after its rule IDs there is no word at all) still \
                suppresses, and is reported here at the comment. A suppression that names no rule ID covers \
                every rule, which makes a reason even more important. This finding itself cannot be suppressed \
                inline; write the reason, or disable FW-G005 in `.fluxward.yaml`.""",
        fix = """
                Write the reason after the rule IDs on the same comment line: \
                `# fluxward:ignore FW-S007 public demo value, not a credential`.""",
        bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  # fluxward:ignore FW-S007
                  api_token: demo
                """,
        good = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  # fluxward:ignore FW-S007 public demo token of the sandbox API, not a credential
                  api_token: demo
                """,
        tags = {"suppression", "maintainability"},
        precision = "very-high")
public final class SuppressionWithoutReason implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        for (Suppression s : file.suppressions()) {
            if (hasReason(s) || !s.valid()) { // a comment that is no suppression is warned about by the scan
                continue;
            }
            String what = s.ruleIds().isEmpty() ? "every rule" : String.join(", ", s.ruleIds());
            String form = s.wholeFile() ? "fluxward:ignore-file" : "fluxward:ignore";
            // The key names the comment by what it suppresses, not by its line, so the fingerprint survives edits above it.
            context.at(new Location(file.path(), s.span())).key(form + " " + what)
                    .message(form + " of " + what + " gives no reason: say after the rule IDs why the finding "
                            + "does not apply or is accepted")
                    .report();
        }
    }

    /** A reason is at least one word: punctuation alone ({@code --}, {@code ...}) says nothing. */
    static boolean hasReason(Suppression s) {
        return s.hasReason() && s.reason().codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
