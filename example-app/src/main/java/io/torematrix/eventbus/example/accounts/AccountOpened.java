package io.torematrix.eventbus.example.accounts;

import io.torematrix.eventbus.annotation.Event;

@Event(name = "account.opened")
public record AccountOpened(String accountId, String owner) implements AccountEvent {}
