package io.torematrix.eventbus.it.wiring;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Middleware;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Discovered middleware scoped to {@link Transfer}, recording what they see in {@link #SEEN}. */
public final class TransferMiddleware {
  /** What the discovered middleware saw, in order. */
  public static final List<String> SEEN = new CopyOnWriteArrayList<>();

  private TransferMiddleware() {}

  @Middleware(order = 5, events = Transfer.class)
  public static final class Tracing implements EventMiddleware {
    @Override
    public CompletionStage<PublishResult> intercept(Chain chain) {
      SEEN.add("tracing");
      return chain.proceed();
    }
  }

  /** Refuses transfers of nothing or less. */
  @Middleware(order = 10, events = Transfer.class)
  public static final class Validation implements EventMiddleware {
    @Override
    public CompletionStage<PublishResult> intercept(Chain chain) {
      Transfer transfer = (Transfer) chain.event();
      SEEN.add("validation");
      if (transfer.cents() <= 0) {
        throw new EventRejectedException("a transfer must move a positive amount, not " + transfer.cents());
      }
      return chain.proceed();
    }
  }

  /** Audits only transfers on the {@code transfers.audited.>} topics. */
  @Middleware(order = 20, events = Transfer.class, topics = "transfers.audited.>")
  public static final class Audit implements EventMiddleware {
    private final String name;

    public Audit() {
      this("audit");
    }

    public Audit(String name) {
      this.name = name;
    }

    @Override
    public CompletionStage<PublishResult> intercept(Chain chain) {
      SEEN.add(name + " " + chain.context().topic());
      return chain.proceed();
    }
  }
}
