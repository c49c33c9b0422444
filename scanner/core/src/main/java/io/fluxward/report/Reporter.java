package io.fluxward.report;

import io.fluxward.engine.ScanResult;
import java.io.IOException;
import java.io.Writer;

/** Formats a scan result. Reporters only format: they never filter or change findings. */
public interface Reporter {

    void write(ScanResult result, ReportContext context, Writer out) throws IOException;
}
