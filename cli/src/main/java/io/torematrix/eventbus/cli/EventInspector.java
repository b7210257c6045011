package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.store.jdbc.SchemaVersionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The event inspector: reads what a Torematrix event bus stored in SQLite or PostgreSQL.
 *
 * <pre>
 * java -jar cli/target/eventbus-cli.jar list   --sqlite events.db --type order.placed --limit 20
 * java -jar cli/target/eventbus-cli.jar show   --sqlite events.db 42
 * java -jar cli/target/eventbus-cli.jar counts --postgres jdbc:postgresql://localhost/app?user=me
 * java -jar cli/target/eventbus-cli.jar follow --sqlite events.db --topic 'orders.>'
 * java -jar cli/target/eventbus-cli.jar trace  --sqlite events.db 01a21f6f-b240-7000-8000-000000000001
 * java -jar cli/target/eventbus-cli.jar subscriptions --sqlite events.db
 * java -jar cli/target/eventbus-cli.jar parked --sqlite events.db orders-projection
 * java -jar cli/target/eventbus-cli.jar parked retry --sqlite events.db orders-projection 01a21f6f-...
 * </pre>
 *
 * The inspector reads: it opens stores read-only, never creates or migrates a schema, and changes
 * no file. The two exceptions are {@code parked retry} and {@code parked discard}, an operator's
 * decisions on a parked event, which change that event's row in the parked table and nothing else.
 * Every error is one line on standard error ({@code error: ...}), a malformed argument followed
 * by a hint line; never a stack trace.
 *
 * <p>Exit codes: 0 success, 1 nothing found, 2 a wrong argument, 3 a store that cannot be reached
 * or read (a corrupt row included), 4 not an event store (or one of an older schema, which a
 * writable store migrates), 5 an event store whose schema is newer than this inspector.
 */
@Command(
    name = "eventbus-inspect",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help on every command, as the error hint "try: ... --help" promises
    version = "eventbus-inspect 0.1.0",
    description = "Inspects the events a Torematrix event bus stored.",
    subcommands = {
      ListCommand.class,
      ShowCommand.class,
      CountsCommand.class,
      FollowCommand.class,
      TraceCommand.class,
      SubscriptionsCommand.class,
      ParkedCommand.class,
      BridgeCommand.class
    })
public final class EventInspector implements Runnable {
  static final int NOT_FOUND = 1;
  static final int WRONG_ARGUMENT = 2;
  static final int STORE_FAILED = 3;
  static final int NOT_AN_EVENT_STORE = 4;
  static final int SCHEMA_NEWER = 5;

  @Spec CommandSpec spec;

  /** The top-level command, whose subcommands picocli makes. */
  public EventInspector() {}

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a command: list, show, counts, follow, trace, subscriptions, parked or bridge");
  }

  /**
   * Runs the inspector and exits with its status: 0 done, 1 nothing found, 2 a wrong argument, 3 a
   * store that cannot be reached or read, 4 not an event store, 5 a schema newer than this
   * inspector.
   *
   * @param args a command and its options, as {@code --help} lists them
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with the inspector's errors printed as one line each. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new EventInspector());
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          CommandLine command = exception.getCommandLine();
          String message = oneLine(exception.getMessage());
          command.getErr().println("error: " + (message.startsWith("Error: ") ? message.substring(7) : message));
          command.getErr().println("try: " + command.getCommandSpec().qualifiedName() + " --help");
          return WRONG_ARGUMENT;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          command.getErr().println("error: " + oneLine(describe(exception)));
          return exitCode(exception);
        });
    return commandLine;
  }

  private static int exitCode(Throwable exception) {
    if (exception instanceof InspectorException || exception instanceof IllegalArgumentException) {
      return WRONG_ARGUMENT;
    }
    if (exception instanceof SchemaVersionException schema) {
      return schema.foundVersion() > schema.supportedVersion() ? SCHEMA_NEWER : NOT_AN_EVENT_STORE;
    }
    return STORE_FAILED;
  }

  private static String describe(Throwable exception) {
    if (exception instanceof SchemaVersionException schema && schema.foundVersion() > schema.supportedVersion()) {
      return "schema newer than this inspector: " + exception.getMessage();
    }
    if (exception instanceof InspectorException
        || exception instanceof EventStoreException
        || exception instanceof IllegalArgumentException) {
      return exception.getMessage();
    }
    return "unexpected " + exception; // a bug: still one line, with its class
  }

  /** {@code text} on one line: line breaks and other control characters as {@code \\uXXXX}. */
  static String oneLine(String text) {
    return text == null ? "" : StoreCommand.printable(text);
  }
}
