package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.EventStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
 * </pre>
 *
 * Exit codes: 0 success, 1 nothing found, 2 a wrong argument, 3 a store that cannot be reached or
 * read.
 */
@Command(
    name = "eventbus-inspect",
    mixinStandardHelpOptions = true,
    version = "eventbus-inspect 0.1.0",
    description = "Inspects the events a Torematrix event bus stored.",
    subcommands = {
      ListCommand.class,
      ShowCommand.class,
      CountsCommand.class,
      FollowCommand.class,
      TraceCommand.class
    })
public final class EventInspector implements Runnable {
  static final int NOT_FOUND = 1;
  static final int WRONG_ARGUMENT = 2;
  static final int STORE_FAILED = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a command: list, show, counts, follow or trace");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with the inspector's errors printed as one line each. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new EventInspector());
    commandLine.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          if (exception instanceof InspectorException || exception instanceof IllegalArgumentException) {
            command.getErr().println("error: " + exception.getMessage());
            return WRONG_ARGUMENT;
          }
          if (exception instanceof EventStoreException) {
            command.getErr().println("error: " + exception.getMessage());
            return STORE_FAILED;
          }
          throw exception;
        });
    return commandLine;
  }
}
