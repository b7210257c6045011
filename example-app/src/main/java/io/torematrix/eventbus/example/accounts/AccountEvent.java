package io.torematrix.eventbus.example.accounts;

import io.torematrix.eventbus.annotation.Event;

/** Everything that happens to an account; folding them in order gives its state. */
@Event(name = "account")
public sealed interface AccountEvent permits AccountOpened, MoneyDeposited, MoneyWithdrawn {
  String accountId();
}
