package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.IndexRefusedException;
import io.leadflow.plugincheck.PluginCheckException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code leadflow-index}: publishes and verifies a LeadFlow marketplace index. Exit codes: 0 done,
 * 1 refused (the check is named on stderr) or failed, 2 wrong usage.
 */
@Command(name = "leadflow-index", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Publish and verify a signed LeadFlow marketplace index.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused (the failed check is named) or failed", "2:wrong usage"},
        subcommands = {KeygenCommand.class, InitCommand.class, AddCommand.class, YankCommand.class,
            AdviseCommand.class, KeysCommand.class, SignCommand.class, VerifyCommand.class})
public final class IndexTool implements Runnable {
    /** Done. */
    public static final int OK = 0;
    /** Refused by a check, or failed. */
    public static final int REFUSED = 1;
    /** Wrong usage. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    /** Picocli creates the command; use {@link #run(PrintWriter, PrintWriter, String...)}. */
    public IndexTool() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the tool in this process.
     *
     * @param out where results go
     * @param err where errors go
     * @param args the command line
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new IndexTool());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((exception, command, parsed) -> {
            command.getErr().println(message(exception));
            command.getErr().flush();
            return REFUSED;
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(Exception exception) {
        if (exception instanceof IndexRefusedException refused) {
            return "refused (" + refused.check() + "): " + refused.getMessage();
        }
        if (exception instanceof PluginCheckException refused) {
            return "refused (" + refused.check() + "): the kernel would refuse this jar: " + refused.getMessage();
        }
        if (exception instanceof UncheckedIOException io) {
            return "error: " + io.getMessage() + ": " + io.getCause().getMessage();
        }
        return exception.getMessage() == null ? "error: " + exception : "error: " + exception.getMessage();
    }
}
