package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.StoredEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The start of the tour: what earlier runs left in the SQLite file. */
public final class History {
  private History() {}

  /** Prints what the store holds from earlier runs and records this one; returns its number. */
  public static int begin(EventBus bus, Path file) {
    heading("0. The bus keeps its events in the SQLite file " + file);
    List<StoredEvent> everything = bus.history().query(EventQuery.all()).toCompletableFuture().join();
    List<StoredEvent> runs =
        bus.history().query(EventQuery.all().types("tour.started")).toCompletableFuture().join();
    int run = runs.size() + 1;
    if (runs.isEmpty()) {
      say("the file is new: this is the first run. Run the tour again to see this history survive.");
    } else {
      StoredEvent last = runs.get(runs.size() - 1);
      say("this is run " + run + ": the file holds " + everything.size() + " events from " + runs.size()
          + " earlier run(s), the last started at " + ((TourStarted) last.event()).at());
    }
    bus.publish(new TourStarted(run, Instant.now())).toCompletableFuture().join();
    return run;
  }
}
