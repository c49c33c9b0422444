package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code hook install} tells besides installing. */
class HookCommandTest {

    @Test
    void aHookThatRunsTheLauncherWithoutTheResidentServerGetsATipAboutIt() {
        List<String> launcher = List.of("/opt/fluxward/fluxward");
        assertThat(HookCommand.serverTip(launcher, Map.of())).hasValueSatisfying(tip -> assertThat(tip)
                .contains("FLUXWARD_DAEMON=1").contains("Resident server"));
        assertThat(HookCommand.serverTip(launcher, Map.of("FLUXWARD_DAEMON", "0"))).isPresent();
        // Already on, or a hook that runs the jar (the server is the launcher's): nothing to tell.
        for (String on : List.of("1", "true", "yes", "on")) {
            assertThat(HookCommand.serverTip(launcher, Map.of("FLUXWARD_DAEMON", on))).isEmpty();
        }
        assertThat(HookCommand.serverTip(List.of("/usr/bin/java", "-jar", "/opt/fluxward.jar"), Map.of())).isEmpty();
    }
}
