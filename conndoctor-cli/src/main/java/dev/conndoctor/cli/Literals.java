package dev.conndoctor.cli;

import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.config.CdnCatalog;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.config.ServerReportReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the options that name addresses or data files, with one-line errors for bad input. */
final class Literals {
    /** A data file longer than this is not a list of ranges or a server report. */
    static final long MAX_CDN_FILE_BYTES = 4L * 1024 * 1024;

    private Literals() {
    }

    /** IP literals only: an option that says where a server is must never trigger a lookup. */
    static List<InetAddress> addresses(String option, List<String> values) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String value : values) {
            String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
            if (!AddressLiterals.isIpv4(v) && !AddressLiterals.isIpv6(v)) {
                throw new UsageException("error.not-an-address", option, value);
            }
            try {
                addresses.add(InetAddress.getByName(v));
            } catch (UnknownHostException e) {
                throw new UsageException("error.not-an-address", option, value);
            }
        }
        return addresses;
    }

    static List<ServerFacts> serverReport(Path file) {
        String json = BoundedFiles.text("--server-report", file, MAX_CDN_FILE_BYTES);
        try {
            return ServerReportReader.read(json);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error.bad-file", file, e.getMessage());
        }
    }

    static CdnCatalog cdnFile(Path file) {
        String text = BoundedFiles.text("--cdn-ranges", file, MAX_CDN_FILE_BYTES);
        try {
            return CdnCatalog.parse(text, false);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error.bad-file", file, e.getMessage());
        }
    }
}
