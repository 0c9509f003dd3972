package dev.parley.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line comes from: the environment variable
 * {@code PARLEY_<OPTION_UPPER_SNAKE>} ({@code --postgres-url} → {@code PARLEY_POSTGRES_URL}), then
 * the {@code --config} file (Java properties, keys are option names without the dashes:
 * {@code postgres-url=...}), then the option's own default. Picocli asks this provider only
 * for options missing from the command line, after it has read the command line, so the
 * command line always wins and {@code --config} given there is already known.
 *
 * <p>The environment is injected, so that tests need not change the process's own.
 */
final class OptionSources implements IDefaultValueProvider {
    static final String ENV_PREFIX = "PARLEY_";
    static final String CONFIG_OPTION = "--config";

    private final Map<String, String> env;
    // The file is read once per path, not once per option (picocli asks for every option, and again for --help).
    private Path loadedPath;
    private Properties loaded;

    OptionSources(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The variable that sets {@code option}: {@code --drain-seconds} → {@code PARLEY_DRAIN_SECONDS}. */
    static String environmentVariable(String option) {
        return ENV_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The config file key that sets {@code option}: its name without the leading dashes. */
    static String key(String option) {
        return option.replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return arg.defaultValue();
        }
        String name = option.longestName();
        String fromEnv = env.get(environmentVariable(name));
        if (fromEnv != null) {
            return fromEnv;
        }
        if (name.equals(CONFIG_OPTION)) {
            return arg.defaultValue();
        }
        Path file = configFile(option);
        if (file != null) {
            String fromFile = properties(file, option).getProperty(key(name));
            if (fromFile != null) {
                return fromFile.strip();
            }
        }
        return arg.defaultValue();
    }

    /** {@code --config} from the command line, else from the environment, else none. */
    private Path configFile(OptionSpec asking) {
        OptionSpec config = asking.command().findOption(CONFIG_OPTION);
        if (config == null) {
            return null;
        }
        Object given = config.getValue();
        if (given != null) {
            return given instanceof Path p ? p : Path.of(given.toString());
        }
        String fromEnv = env.get(environmentVariable(CONFIG_OPTION));
        return fromEnv == null ? null : Path.of(fromEnv);
    }

    /** The file's properties; a file that cannot be read, or a key no option has, is a usage error. */
    private synchronized Properties properties(Path file, OptionSpec asking) {
        if (!file.equals(loadedPath)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new ParameterException(asking.command().commandLine(),
                        "cannot read the config file " + file + ": " + e.getMessage(), e, asking, file.toString());
            }
            for (String k : p.stringPropertyNames()) {
                OptionSpec known = asking.command().findOption("--" + k);
                if (known == null || !key(known.longestName()).equals(k) || k.equals(key(CONFIG_OPTION))) {
                    throw new ParameterException(asking.command().commandLine(),
                            "unknown option '" + k + "' in the config file " + file);
                }
            }
            loaded = p;
            loadedPath = file;
        }
        return loaded;
    }
}
