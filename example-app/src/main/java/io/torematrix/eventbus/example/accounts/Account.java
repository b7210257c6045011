package io.torematrix.eventbus.example.accounts;

import java.math.BigDecimal;
import java.util.List;

/** An account's state, rebuilt by folding its events in order: it is never stored itself. */
public record Account(String id, String owner, BigDecimal balance, int version) {

  /** The state before any event. */
  public static Account none(String id) {
    return new Account(id, null, BigDecimal.ZERO, 0);
  }

  /** Folds {@code events} into the state they lead to. */
  public static Account replay(String id, List<? extends AccountEvent> events) {
    Account account = none(id);
    for (AccountEvent event : events) {
      account = account.apply(event);
    }
    return account;
  }

  /** The state after {@code event}. */
  public Account apply(AccountEvent event) {
    if (event instanceof AccountOpened opened) {
      return new Account(id, opened.owner(), balance, version + 1);
    }
    if (event instanceof MoneyDeposited deposited) {
      return new Account(id, owner, balance.add(deposited.amount()), version + 1);
    }
    MoneyWithdrawn withdrawn = (MoneyWithdrawn) event;
    return new Account(id, owner, balance.subtract(withdrawn.amount()), version + 1);
  }
}
