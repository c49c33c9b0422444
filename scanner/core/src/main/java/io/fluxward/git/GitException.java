package io.fluxward.git;

import java.io.IOException;

/** A git problem worth one line to the user (no repository, unknown revision, unsupported index). */
public final class GitException extends IOException {

    private static final long serialVersionUID = 1L;

    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
