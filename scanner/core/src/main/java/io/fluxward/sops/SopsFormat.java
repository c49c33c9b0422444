package io.fluxward.sops;

/** The file formats sops writes and Flux decrypts (binary files are stored as JSON). */
public enum SopsFormat {
    YAML, JSON, DOTENV, INI
}
