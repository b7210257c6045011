package io.torematrix.eventbus.example.accounts;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;

@Event(name = "account.deposited")
public record MoneyDeposited(String accountId, BigDecimal amount) implements AccountEvent {}
