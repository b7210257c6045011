package io.torematrix.eventbus.it;

import io.torematrix.eventbus.annotation.Event;

/** The events the integration tests publish. */
final class Events {
  private Events() {}

  /** A family of account events. */
  @Event(name = "account")
  sealed interface AccountEvent permits AccountOpened, AccountClosed {
    String accountId();
  }

  @Event(name = "account.opened", topic = "accounts.opened")
  record AccountOpened(String accountId, String owner) implements AccountEvent {}

  @Event(name = "account.closed", version = 2)
  record AccountClosed(String accountId) implements AccountEvent {}

  /** A final class with final fields is an event too. */
  @Event(name = "ping")
  static final class Ping {
    final int number;

    Ping(int number) {
      this.number = number;
    }

    @Override
    public String toString() {
      return "Ping" + number;
    }
  }

  /** Not an @Event: the bus must refuse it. */
  record NotAnEvent(String text) {}
}
