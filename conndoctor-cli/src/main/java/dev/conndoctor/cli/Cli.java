package dev.conndoctor.cli;

import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Text;
import dev.conndoctor.config.CdnCatalog;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Builds the command line and runs it with the exit codes of design §5. Every failure path
 * ends in one line on stderr; a stack trace only with {@code -v}.
 */
public final class Cli {
    private static final Set<String> COMMANDS = Set.of("diagnose", "watch", "server", "explain", "listen", "demo",
            "exporter", "completion", "help");
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DiagnoseCommand.class, WatchCommand.class, ServerCommand.class,
            ExplainCommand.class, ListenCommand.class, DemoCommand.class, ExporterCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class);
    /** The commands that diagnose, and so need a doctor. */
    private static final Set<Class<?>> DIAGNOSING = Set.of(DiagnoseCommand.class, WatchCommand.class, DemoCommand.class,
            ServerCommand.class);
    /** Each command by the name its annotation gives it (a test checks they agree), {@code help} aside. */
    static final Map<String, Class<?>> BY_NAME = Map.of("diagnose", DiagnoseCommand.class, "watch", WatchCommand.class,
            "server", ServerCommand.class, "explain", ExplainCommand.class, "listen", ListenCommand.class,
            "demo", DemoCommand.class, "exporter", ExporterCommand.class, "completion", CompletionCommand.class);
    private static final Set<String> ROOT_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Cli() {
    }

    /**
     * A command line writing to {@code out} and {@code err}, reading {@code in} as standard input,
     * speaking the language {@code env} asks for, diagnosing with {@code doctor}.
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
            Terminal terminal, ConnDoctor doctor) {
        return newCommandLine(out, err, in, env, terminal, () -> doctor, SUBCOMMANDS);
    }

    /**
     * The same with only {@code subcommands} (all of {@link #SUBCOMMANDS}, or the one the arguments
     * name) and a doctor built when a command first asks for it.
     */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
            Terminal terminal, Supplier<ConnDoctor> doctor, List<Class<?>> subcommands) {
        CliContext context = new CliContext(out, err, in, terminal, once(doctor), CliContext.fromEnvironment(env), env);
        ContextFactory factory = new ContextFactory(context);
        CommandLine cl = new CommandLine(new RootCommand(), factory);
        // added before the settings below, which picocli hands down to the subcommands present
        for (Class<?> subcommand : subcommands) {
            cl.addSubcommand(new CommandLine(subcommand, factory));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            err.println(line(parameterProblem(ex, helpLocale(args, env))));
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Locale locale = helpLocale(parseResult.originalArgs().toArray(String[]::new), env);
            if (ex instanceof InvalidTargetException invalid) {
                err.println(line(invalid.problem().render(locale)));
            } else if (ex instanceof UsageException usage) {
                err.println(line(usage.message(locale)));
            } else {
                err.println(internal(ex, context.locale()));
                if (parseResult.originalArgs().contains("-v") || parseResult.originalArgs().contains("--verbose")) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return ex instanceof InvalidTargetException || ex instanceof UsageException
                    ? ExitCode.USAGE : ExitCode.INTERNAL;
        });
        return cl;
    }

    /**
     * picocli's own words for a bad invocation are English; the common ones are said again in the
     * user's language, with the names picocli reports. Our converters' messages pass as they are.
     */
    static String parameterProblem(CommandLine.ParameterException ex, Locale locale) {
        if (locale.equals(Locale.ROOT)) {
            return ex.getMessage();
        }
        if (ex instanceof CommandLine.MissingParameterException missing) {
            String names = missing.getMissing().stream().map(a -> a.isOption()
                    ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel())
                    .collect(java.util.stream.Collectors.joining(", "));
            return Text.of("error.missing-parameter", names).render(TextRenderer.BUNDLE, locale);
        }
        if (ex instanceof CommandLine.OverwrittenOptionException overwritten) {
            CommandLine.Model.ArgSpec arg = overwritten.getOverwritten();
            return Text.of("error.option-once", arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                    : arg.paramLabel()).render(TextRenderer.BUNDLE, locale);
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            return Text.of("error.unknown-argument", String.join(" ", unmatched.getUnmatched()))
                    .render(TextRenderer.BUNDLE, locale);
        }
        return ex.getMessage();
    }

    /**
     * Runs conndoctor with {@code args} and returns the exit code. The process's standard input and
     * environment are parameters, so that a test fixes them and the machine running it does not matter.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
            Terminal terminal, ConnDoctor doctor) {
        return run(args, out, err, in, env, terminal, () -> doctor);
    }

    /**
     * The same with a doctor built only if the command diagnoses ({@code --version}, {@code --help},
     * {@code explain} and {@code listen} never need one): what {@link Main} runs, so that a command
     * loads only what it uses.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
            Terminal terminal, Supplier<ConnDoctor> doctor) {
        String[] effective = withDefaultCommand(args);
        if (effective.length == 1 && (effective[0].equals("--version") || effective[0].equals("-V"))) {
            // the lines picocli would print, without building a command line: the quickest answer there is
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK;
        }
        List<Class<?>> subcommands = subcommandsFor(effective);
        Supplier<ConnDoctor> doctors = once(doctor);
        if (subcommands.size() == 1 && DIAGNOSING.contains(subcommands.get(0))
                && Collections.disjoint(Arrays.asList(effective), ROOT_OPTIONS)) {
            // the CDN catalogue and the doctor are made beside picocli reading the command's annotations:
            // on two cores, both at once
            Thread builder = new Thread(() -> {
                try {
                    CdnCatalog.embedded();
                    doctors.get();
                } catch (RuntimeException | Error e) {
                    // the command asks again on its own thread, and reports what it gets there
                }
            }, "conndoctor-start");
            builder.setDaemon(true);
            builder.start();
        }
        CommandLine cl = newCommandLine(out, err, in, env, terminal, doctors, subcommands);
        Locale help = helpLocale(args, env);
        if (!help.equals(Locale.ROOT)) {
            // the help is read before any option takes effect, so --lang is looked for in the raw arguments
            cl.setResourceBundle(java.util.ResourceBundle.getBundle("dev.conndoctor.cli.help", help));
        }
        try {
            return cl.execute(effective);
        } catch (Error e) {
            // picocli lets an Error through (out of memory, stack overflow, a class missing from the jar); by
            // now the stack has unwound and what filled the heap is garbage, so one line can still be written
            return internalError(err, e, env);
        }
    }

    /** An Error (out of memory, stack overflow, a class missing from the jar) is still one line and exit 3. */
    private static int internalError(PrintWriter err, Error e, Map<String, String> env) {
        try {
            err.println(internal(e, CliContext.fromEnvironment(env)));
        } catch (Error again) {
            // not even the message could be built: the fixed words need no allocation worth the name
            err.println("conndoctor: internal failure: " + e.getClass().getSimpleName());
        }
        err.flush();
        return ExitCode.INTERNAL;
    }

    /** The one line of an internal failure; the throwable's message is anyone's text, so it is kept on one line. */
    static String internal(Throwable e, Locale locale) {
        String message = visible(Text.of("error.internal", e).render(TextRenderer.BUNDLE, locale));
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }

    /** The language of help texts: --lang in the arguments, else the environment's. */
    static Locale helpLocale(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            String lang = args[i].startsWith("--lang=") ? args[i].substring(7)
                    : args[i].equals("--lang") && i + 1 < args.length ? args[i + 1] : null;
            if (lang != null) {
                try {
                    return CliContext.byTag(new ReportOptions.LangConverter().convert(lang));
                } catch (CommandLine.TypeConversionException e) {
                    // a language conndoctor does not speak: picocli says so, in the environment's language
                }
            }
        }
        return CliContext.fromEnvironment(env);
    }

    /**
     * The subcommands to build for {@code args} (already through {@link #withDefaultCommand}): only
     * the one named first, since picocli reads every annotation of every command it is given and a
     * command never sees its siblings; all of them for the root's usage, {@code help} and a bad name.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        Class<?> named = args.length > 0 ? BY_NAME.get(args[0]) : null;
        if (named != null) {
            return List.of(named);
        }
        return SUBCOMMANDS;
    }

    /** {@code conndoctor TARGET [options]} means {@code conndoctor diagnose TARGET [options]}. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || COMMANDS.contains(args[0]) || ROOT_OPTIONS.contains(args[0])) {
            return args;
        }
        String[] rewritten = new String[args.length + 1];
        rewritten[0] = "diagnose";
        System.arraycopy(args, 0, rewritten, 1, args.length);
        return rewritten;
    }

    /** One line, whatever the message holds: control characters from hostile input are made visible. */
    private static String line(String message) {
        StringBuilder sb = new StringBuilder("conndoctor: ");
        String text = String.valueOf(message);
        int lineEnd = text.indexOf('\n');
        if (lineEnd >= 0) {
            text = text.substring(0, lineEnd);
        }
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…";
        }
        return sb.append(visible(text)).toString();
    }

    /**
     * {@code text} on one line: every control character, newlines included, and every bidi override
     * written as an escape, by the one sanitizer (an error can quote a hostile file or server).
     */
    static String visible(String text) {
        return TerminalText.clean(text);
    }

    /** {@code supplier}'s value, asked for once, when first needed (a command may run on any thread). */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** Creates commands with the context they need; anything else the picocli way. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
