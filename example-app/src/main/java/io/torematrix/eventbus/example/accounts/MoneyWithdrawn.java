package io.torematrix.eventbus.example.accounts;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;

@Event(name = "account.withdrawn")
public record MoneyWithdrawn(String accountId, BigDecimal amount) implements AccountEvent {}
