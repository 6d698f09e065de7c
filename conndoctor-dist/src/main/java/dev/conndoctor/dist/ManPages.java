package dev.conndoctor.dist;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.cli.Cli;
import dev.conndoctor.cli.Terminal;
import java.io.File;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The release's man pages in AsciiDoc, one per command, written by picocli-codegen's
 * {@link ManPageGenerator} from the command line conndoctor runs (every command, every option, their
 * descriptions), so that they cannot drift from it; Asciidoctor then makes them man(7) pages. Run by
 * the build ({@code package}), never by conndoctor itself.
 */
public final class ManPages {
    private ManPages() {
    }

    /** {@code args[0]}: the directory the {@code .adoc} files go to. */
    public static void main(String[] args) throws Exception {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine conndoctor = Cli.newCommandLine(none, none, InputStream.nullInputStream(), Map.of(), Terminal.PLAIN,
                ConnDoctor.builder().environment(Map.of()).build());
        int code = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                conndoctor.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("picocli's man page generator failed: " + code);
        }
    }
}
